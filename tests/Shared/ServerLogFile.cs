using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Leerplatform.Testing;

/// <summary>
/// Writes the test server's warnings and errors to a file when LEERPLATFORM_SERVER_LOG_DIR is set (test.sh sets
/// it and prints the file when a project fails). A browser test that times out only says what it waited for;
/// the server's side of the story — an exception that ended the circuit — is in this file.
/// </summary>
public sealed class ServerLogFile : ILoggerProvider
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    private ServerLogFile(string path)
    {
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    /// <summary>A provider writing to a new file in the configured folder, or null when none is configured.</summary>
    public static ServerLogFile? FromEnvironment(string name)
    {
        var folder = Environment.GetEnvironmentVariable("LEERPLATFORM_SERVER_LOG_DIR");
        if (string.IsNullOrEmpty(folder))
        {
            return null;
        }

        Directory.CreateDirectory(folder);
        return new ServerLogFile(Path.Combine(folder, $"{name}-{Environment.ProcessId}-{Guid.NewGuid():N}.server.log"));
    }

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }

    private void Write(string line)
    {
        lock (_lock)
        {
            _writer.WriteLine(line);
        }
    }

    private sealed class FileLogger(ServerLogFile file, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            file.Write($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}[{eventId.Id}] {formatter(state, exception)}{(exception is null ? string.Empty : Environment.NewLine + exception)}");
        }
    }
}
