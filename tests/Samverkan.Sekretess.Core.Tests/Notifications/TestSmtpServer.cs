using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Samverkan.Sekretess.Core.Tests.Notifications;

/// <summary>
/// A real SMTP server on loopback (the SmtpServer library) standing in for the municipality's mail relay. It records
/// each message with its envelope recipients, and can refuse the next messages (a 554 after DATA) to test retries.
/// </summary>
internal sealed class TestSmtpServer : MessageStore, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _refuse;

    private TestSmtpServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(this);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<(IReadOnlyList<string> Recipients, string Raw, MimeMessage Message)> Received { get; } = new();

    /// <summary>Starts the server and waits (bounded) until it accepts connections.</summary>
    public static async Task<TestSmtpServer> StartAsync()
    {
        var server = new TestSmtpServer(FreePort());
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, server.Port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("The test SMTP server did not start.");
    }

    /// <summary>Refuse the next <paramref name="count"/> messages with 554 transaction failed.</summary>
    public void RefuseNext(int count) => Interlocked.Exchange(ref _refuse, count);

    public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _refuse) >= 0) return Task.FromResult(SmtpResponse.TransactionFailed);
        var bytes = buffer.ToArray();
        using var stream = new MemoryStream(bytes);
        var message = MimeMessage.Load(stream, cancellationToken);
        Received.Enqueue((transaction.To.Select(m => $"{m.User}@{m.Host}").Order(StringComparer.Ordinal).ToList(),
            System.Text.Encoding.UTF8.GetString(bytes), message));
        return Task.FromResult(SmtpResponse.Ok);
    }

    /// <summary>A loopback port nothing listens on (bound and released).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
