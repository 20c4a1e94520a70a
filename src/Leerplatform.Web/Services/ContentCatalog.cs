using Leerplatform.Core.Content;
using Microsoft.Extensions.Options;

namespace Leerplatform.Web.Services;

/// <summary>
/// Holds the loaded content library. Pages read <see cref="Current"/>, an immutable snapshot, so serving a page is
/// a dictionary lookup plus a pre-rendered HTML string. With WatchContent on (Development), a file change marks
/// the snapshot stale and the next read reloads it, so an edit shows on the next page load without a restart.
/// </summary>
public sealed class ContentCatalog : IDisposable
{
    private readonly ILogger<ContentCatalog> _logger;
    private readonly TimeProvider _time;
    private readonly FileSystemWatcher? _watcher;
    private readonly Lock _reloadLock = new();
    private volatile ContentLibrary _current;
    private volatile bool _stale;

    public ContentCatalog(IOptions<LeerplatformOptions> options, IHostEnvironment environment, ILogger<ContentCatalog> logger, TimeProvider time)
    {
        _logger = logger;
        _time = time;
        RootPath = RepositoryPaths.Resolve(options.Value.ContentPath, environment.ContentRootPath, "content");
        _current = LoadNow();
        if (options.Value.WatchContent && Directory.Exists(RootPath))
        {
            _watcher = new FileSystemWatcher(RootPath) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
            _watcher.Changed += OnChanged;
            _watcher.Created += OnChanged;
            _watcher.Deleted += OnChanged;
            _watcher.Renamed += OnChanged;
            _watcher.EnableRaisingEvents = true;
        }
    }

    public string RootPath { get; }

    public ContentLibrary Current
    {
        get
        {
            if (_stale)
            {
                lock (_reloadLock)
                {
                    if (_stale)
                    {
                        _stale = false;
                        _current = LoadNow();
                    }
                }
            }

            return _current;
        }
    }

    /// <summary>Forces a reload now (admin action and tests).</summary>
    public ContentLibrary Reload()
    {
        lock (_reloadLock)
        {
            _stale = false;
            _current = LoadNow();
            return _current;
        }
    }

    public void Dispose() => _watcher?.Dispose();

    private void OnChanged(object sender, FileSystemEventArgs e) => _stale = true;

    private ContentLibrary LoadNow()
    {
        var started = _time.GetTimestamp();
        var library = ContentLoader.Load(RootPath, _time);
        var elapsed = _time.GetElapsedTime(started);
        _logger.LogInformation("Content loaded from {Root}: {Modules} modules, {Skipped} skipped, {Errors} errors, {Warnings} warnings in {Elapsed} ms",
            RootPath, library.Modules.Count, library.Skipped.Count, library.Diagnostics.Count(d => d.IsError),
            library.Diagnostics.Count(d => !d.IsError), (int)elapsed.TotalMilliseconds);
        foreach (var diagnostic in library.Diagnostics.Where(d => d.IsError))
        {
            _logger.LogWarning("Content problem: {Diagnostic}", diagnostic.ToString());
        }

        return library;
    }
}
