using System.Diagnostics;
using BenchmarkDotNet.Running;
using Samverkan.Sekretess.Benchmarks;
using Samverkan.Sekretess.Policy;

// Usage (see docs/benchmarks.md):
//   dotnet run -c Release --project bench/Samverkan.Sekretess.Benchmarks -- --filter '*'
//   dotnet run -c Release --project bench/Samverkan.Sekretess.Benchmarks -- cold-load
//   dotnet run -c Release --project bench/Samverkan.Sekretess.Benchmarks -- quick
if (args is ["cold-load"])
{
    // What an application pays at start: first load in a fresh process, JIT included.
    var dir = Path.Combine(BenchData.RepoRoot, "policies");
    // Split the cold cost: first use of the YAML library (its JIT), then our load+compile.
    var yaml = Stopwatch.StartNew();
    new YamlDotNet.RepresentationModel.YamlStream().Load(new StringReader("a: [b, c]\n"));
    var yamlMs = yaml.Elapsed.TotalMilliseconds;
    var sw = Stopwatch.StartNew();
    var set = PolicySet.LoadDirectory(dir);
    var cold = sw.Elapsed.TotalMilliseconds;
    sw.Restart();
    PolicySet.LoadDirectory(dir);
    Console.WriteLine($"real policy set: {set.RuleIds.Count} rules; cold total {yamlMs + cold:F1} ms (YAML library first use {yamlMs:F1} ms + load/compile {cold:F1} ms); warm {sw.Elapsed.TotalMilliseconds:F1} ms");
    return;
}

if (args is ["quick"])
{
    QuickThroughput.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
