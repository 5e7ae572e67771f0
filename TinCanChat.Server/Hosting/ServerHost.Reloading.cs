using System.Globalization;
using TinCanChat.Server.Security;

namespace TinCanChat.Server.Hosting;

/// <summary>
/// A reload (SIGHUP, SPEC §14): the certificate, the admission limits, the rate limit and the
/// slow-reader timeout change while everyone stays connected. New handshakes use the new
/// certificate; sessions keep what they shook hands with.
/// </summary>
internal sealed partial class ServerHost
{
    /// <summary>Applies what can change while running; says what changed, and what differs but needs a restart.</summary>
    /// <exception cref="TlsSetupException">The new certificate cannot be used: nothing was changed.</exception>
    public (IReadOnlyList<string> Changed, IReadOnlyList<string> NeedRestart) Reload(ServerOptions next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var running = _options;
        var needRestart = new List<string>();
        Differs(needRestart, "--port", running.Port, next.Port);
        Differs(needRestart, "--host", running.Host, next.Host);
        Differs(needRestart, "--redis", running.Redis is null ? null : Store.Redis.RedisSharedChat.WithoutPassword(running.Redis), next.Redis is null ? null : Store.Redis.RedisSharedChat.WithoutPassword(next.Redis));
        Differs(needRestart, "--data", running.Data, next.Data);
        Differs(needRestart, "--echo", running.Echo, next.Echo);
        Differs(needRestart, "--cloak", running.Cloak, next.Cloak);
        Differs(needRestart, "--tls-cert (TLS on or off)", running.TlsCertificate is not null, next.TlsCertificate is not null);
        Differs(needRestart, "--metrics-port", running.MetricsPort, next.MetricsPort);
        Differs(needRestart, "--web-port", running.WebPort, next.WebPort);
        Differs(needRestart, "--max-message-bytes", running.MaxMessageBytes, next.MaxMessageBytes);
        Differs(needRestart, "--outbox-capacity", running.OutboxCapacity, next.OutboxCapacity);
        Differs(needRestart, "--history", running.History, next.History);
        Differs(needRestart, "--history-keep", running.HistoryKeep, next.HistoryKeep);

        // The certificate first: if it cannot be used, nothing changes.
        var tls = _tls is not null && next.TlsCertificate is { } certificate ? ServerTls.Load(certificate, next.TlsKey, next.TlsPassword) : null;
        var changed = new List<string>();
        if (tls is not null)
        {
            _tls = tls;
            changed.Add($"certificate {next.TlsCertificate} loaded again (new connections use it)");
        }

        _admission.Reconfigure(next.MaxClients, next.MaxPerAddress, next.Exempt);
        Differs(changed, "--max-clients", running.MaxClients, next.MaxClients);
        Differs(changed, "--max-per-address", running.MaxPerAddress, next.MaxPerAddress);
        Differs(changed, "--exempt", string.Join(",", running.Exempt), string.Join(",", next.Exempt));
        _services.Limits.RateLimit = next.RateLimit;
        _services.Limits.SlowReaderTimeout = next.SlowReaderTimeout;
        Differs(changed, "--rate-limit", running.RateLimit, next.RateLimit);
        Differs(changed, "--slow-reader-timeout", running.SlowReaderTimeout.TotalSeconds, next.SlowReaderTimeout.TotalSeconds);
        _options = running with
        {
            MaxClients = next.MaxClients,
            MaxPerAddress = next.MaxPerAddress,
            Exempt = next.Exempt,
            RateLimit = next.RateLimit,
            SlowReaderTimeout = next.SlowReaderTimeout,
            TlsCertificate = tls is null ? running.TlsCertificate : next.TlsCertificate,
            TlsKey = tls is null ? running.TlsKey : next.TlsKey,
            TlsPassword = tls is null ? running.TlsPassword : next.TlsPassword,
        };
        return (changed, needRestart);
    }

    private static void Differs<T>(List<string> list, string option, T running, T next)
    {
        if (!EqualityComparer<T>.Default.Equals(running, next))
        {
            list.Add(string.Create(CultureInfo.InvariantCulture, $"{option} {running?.ToString() ?? "(none)"} -> {next?.ToString() ?? "(none)"}"));
        }
    }
}
