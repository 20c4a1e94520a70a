using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Leerplatform.Testing;

/// <summary>Exit code and output of one Node script run.</summary>
public sealed record NodeResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>
/// Third-party xAPI tools (npm packages pinned in tests/interop/package.json) run from tests: an independent
/// validator (validate.js), an independent client of a statement endpoint (client.js) and an in-memory external
/// LRS (lrs.js, see <see cref="ExternalLrs"/>). Needs node and npm on PATH; the packages are installed on first use.
/// </summary>
public static class NodeInterop
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static volatile bool installed;

    public static string Folder => TestPaths.Interop;

    /// <summary>
    /// Runs <c>npm ci</c> in tests/interop unless node_modules already holds exactly what package-lock.json pins
    /// (npm's own record, node_modules/.package-lock.json, is compared with it: cheap, and also true after test.sh's
    /// install). Once per process; across processes (test projects run side by side) a lock file under /tmp
    /// serialises the check and the install.
    /// </summary>
    public static async Task EnsureInstalledAsync()
    {
        if (installed)
        {
            return;
        }

        await InstallGate.WaitAsync();
        try
        {
            if (installed)
            {
                return;
            }

            using (await AcquireFileLockAsync(TimeSpan.FromMinutes(10)))
            {
                if (!IsInstalled())
                {
                    var result = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(8));
                    if (result.ExitCode != 0 || !IsInstalled())
                    {
                        throw new InvalidOperationException($"npm ci in {Folder} failed:\n{result}");
                    }
                }
            }

            installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    /// <summary>
    /// Runs <c>node &lt;script&gt; args…</c> in tests/interop (script relative to it, or absolute) with stdin closed;
    /// on timeout kills the process tree and throws <see cref="TimeoutException"/> with the output so far.
    /// </summary>
    public static async Task<NodeResult> RunAsync(string script, IEnumerable<string> args, TimeSpan timeout)
    {
        await EnsureInstalledAsync();
        return await RunProcessAsync("node", [script, .. args], timeout);
    }

    private static async Task<NodeResult> RunProcessAsync(string fileName, IReadOnlyList<string> args, TimeSpan timeout)
    {
        using var process = new Process { StartInfo = StartInfo(fileName, args) };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            throw new TimeoutException(
                $"{fileName} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:0} s\n--- stdout\n{Read(stdout)}\n--- stderr\n{Read(stderr)}");
        }

        process.WaitForExit(); // also waits until the redirected output has been read to the end
        return new NodeResult(process.ExitCode, Read(stdout), Read(stderr));
    }

    internal static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    internal static void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (buffer)
        {
            buffer.AppendLine(line);
            if (buffer.Length > 256 * 1024)
            {
                buffer.Remove(0, buffer.Length - (128 * 1024)); // keep the tail of a chatty process
            }
        }
    }

    internal static string Read(StringBuilder buffer)
    {
        lock (buffer)
        {
            return buffer.ToString();
        }
    }

    internal static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    /// <summary>Every package that package-lock.json pins is installed as pinned (optional ones may be absent).</summary>
    private static bool IsInstalled()
    {
        try
        {
            var lockFile = Path.Combine(Folder, "package-lock.json");
            var installedFile = Path.Combine(Folder, "node_modules", ".package-lock.json");
            if (!File.Exists(installedFile) || !File.Exists(lockFile))
            {
                return false;
            }

            var wanted = JsonNode.Parse(File.ReadAllText(lockFile))?["packages"]?.AsObject();
            var present = JsonNode.Parse(File.ReadAllText(installedFile))?["packages"]?.AsObject();
            if (wanted is null || present is null)
            {
                return false;
            }

            foreach (var (name, entry) in wanted)
            {
                if (name.Length == 0)
                {
                    continue; // the root project itself
                }

                if (present[name] is { } found)
                {
                    if (!JsonNode.DeepEquals(entry, found))
                    {
                        return false;
                    }
                }
                else if (entry?["optional"]?.GetValue<bool>() != true)
                {
                    return false;
                }
            }

            return present.All(pair => wanted.ContainsKey(pair.Key))
                && present.All(pair => Directory.Exists(Path.Combine(Folder, pair.Key)));
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static async Task<IDisposable> AcquireFileLockAsync(TimeSpan timeout)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Folder)))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"leerplatform-npm-{key}.lock");
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250); // another test process is installing
            }
        }
    }
}

/// <summary>
/// An external LRS for forwarding tests: xapi-statements 5.0.1 (xAPI 1.0.3 statements resource only, no State or
/// profiles) run by tests/interop/lrs.js fully in memory on a free 127.0.0.1 port. Accepts any credentials.
/// <see cref="Stop"/> and <see cref="StartAgainAsync"/> take it down and bring it back on the same port, for
/// tests of an LRS that goes away; its data is in memory only, so a restarted LRS starts empty.
/// If the test process dies, the LRS exits too (it watches its stdin).
/// </summary>
public sealed class ExternalLrs : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder stderr = new();
    private Process? process;

    private ExternalLrs(int port, string storageDirectory)
    {
        Port = port;
        StorageDirectory = storageDirectory;
    }

    public int Port { get; }

    /// <summary>The statement API base, ending in '/': <c>http://127.0.0.1:&lt;port&gt;/xAPI/</c>.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/xAPI/");

    /// <summary>The service's working folder (its access logs), under /tmp; removed at dispose.</summary>
    public string StorageDirectory { get; }

    public bool IsRunning => process is { HasExited: false };

    /// <summary>What the service logged on stderr so far (its tail), for failure messages.</summary>
    public string StandardError => NodeInterop.Read(stderr);

    public static async Task<ExternalLrs> StartAsync()
    {
        await NodeInterop.EnsureInstalledAsync();
        for (var attempt = 1; ; attempt++)
        {
            var lrs = new ExternalLrs(FreeLoopbackPort(), Directory.CreateTempSubdirectory("leerplatform-lrs-").FullName);
            try
            {
                await lrs.StartProcessAsync();
                return lrs;
            }
            catch (InvalidOperationException) when (attempt < 3 && lrs.StandardError.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                await lrs.DisposeAsync(); // the free port was taken in between: try another
            }
            catch
            {
                await lrs.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Takes the LRS down at once (kills the process): connections to <see cref="Endpoint"/> are refused.</summary>
    public void Stop()
    {
        if (process is null)
        {
            return;
        }

        NodeInterop.KillTree(process);
        process.Dispose();
        process = null;
    }

    /// <summary>Starts the LRS again on the same port after <see cref="Stop"/>; it starts with no statements.</summary>
    public Task StartAgainAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The external LRS is still running: call Stop first.");
        }

        Stop();
        return StartProcessAsync();
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        try
        {
            Directory.Delete(StorageDirectory, recursive: true);
        }
        catch (IOException)
        {
            // /tmp is cleaned by the OS
        }
        catch (UnauthorizedAccessException)
        {
        }

        return ValueTask.CompletedTask;
    }

    private async Task StartProcessAsync()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new Process
        {
            StartInfo = NodeInterop.StartInfo("node", ["lrs.js", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StorageDirectory]),
            EnableRaisingEvents = true,
        };
        started.OutputDataReceived += (_, e) =>
        {
            if (e.Data == $"READY {Port}")
            {
                ready.TrySetResult();
            }
        };
        started.ErrorDataReceived += (_, e) => NodeInterop.Append(stderr, e.Data);
        started.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"lrs.js exited with {ExitCode(started)} before it was ready on port {Port}"));
        started.Start();
        process = started; // stdin stays open: lrs.js exits when it closes (this process ends)
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(ReadyTimeout);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            Stop();
            await Task.Delay(100); // let the last stderr lines arrive
            var reason = e is TimeoutException ? $"lrs.js was not ready on port {Port} within {ReadyTimeout.TotalSeconds:0} s" : e.Message;
            throw new InvalidOperationException($"{reason}\n--- stderr\n{StandardError}", e);
        }
    }

    private static string ExitCode(Process p)
    {
        try
        {
            return p.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?"; // disposed by Stop meanwhile (ObjectDisposedException is one too)
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
