namespace Samverkan.Sekretess.Core.Statistics;

/// <summary>Dinic's maximum flow on a small graph (a table's rows and columns); capacities are longs.</summary>
internal sealed class MaxFlow(int nodes)
{
    private readonly List<(int To, long Cap, int Rev)>[] _adj = Enumerable.Range(0, nodes).Select(_ => new List<(int, long, int)>()).ToArray();
    private readonly int[] _level = new int[nodes];
    private readonly int[] _next = new int[nodes];

    public void AddEdge(int from, int to, long capacity)
    {
        _adj[from].Add((to, capacity, _adj[to].Count));
        _adj[to].Add((from, 0, _adj[from].Count - 1));
    }

    public long Run(int source, int sink)
    {
        long total = 0;
        while (Bfs(source, sink))
        {
            Array.Clear(_next);
            long pushed;
            while ((pushed = Dfs(source, sink, long.MaxValue)) > 0) total += pushed;
        }

        return total;
    }

    private bool Bfs(int source, int sink)
    {
        Array.Fill(_level, -1);
        var queue = new Queue<int>();
        _level[source] = 0;
        queue.Enqueue(source);
        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            foreach (var (to, cap, _) in _adj[u])
            {
                if (cap <= 0 || _level[to] >= 0) continue;
                _level[to] = _level[u] + 1;
                queue.Enqueue(to);
            }
        }

        return _level[sink] >= 0;
    }

    private long Dfs(int u, int sink, long limit)
    {
        if (u == sink) return limit;
        for (; _next[u] < _adj[u].Count; _next[u]++)
        {
            var (to, cap, rev) = _adj[u][_next[u]];
            if (cap <= 0 || _level[to] != _level[u] + 1) continue;
            var pushed = Dfs(to, sink, Math.Min(limit, cap));
            if (pushed <= 0) continue;
            _adj[u][_next[u]] = (to, cap - pushed, rev);
            var back = _adj[to][rev];
            _adj[to][rev] = (back.To, back.Cap + pushed, back.Rev);
            return pushed;
        }

        return 0;
    }
}
