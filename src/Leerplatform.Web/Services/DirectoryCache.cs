using System.Collections.Concurrent;
using Leerplatform.Data;

namespace Leerplatform.Web.Services;

/// <summary>
/// Directory facts every page or action needs (a learner's region, memberships, xAPI identity; an organisation's
/// theme), cached because they change rarely and reading them cost several queries per learner action (issue 8).
/// An entry is valid only while <see cref="DirectoryVersion"/> is the one it was read at, so a change made in this
/// process applies to the very next read. Entries also expire after <see cref="MaxAge"/>, which bounds how long a
/// change made by another process (a command-line seed) can go unseen. Never used for access decisions: the
/// organisation policies read roles from the database on every request.
/// </summary>
public sealed class DirectoryCache<TKey, TValue>
    where TKey : notnull
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    /// <summary>More entries than this and the cache starts over (a bound, not an eviction policy).</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private long _version = -1;

    public async ValueTask<TValue> GetAsync<TState>(TKey key, TState state, Func<TKey, TState, CancellationToken, Task<TValue>> load, CancellationToken cancellationToken)
    {
        // Read before loading: a change committed while the load runs bumps the version and so outdates this entry.
        var version = DirectoryVersion.Current;
        var now = Environment.TickCount64;
        if (version != Volatile.Read(ref _version) || _entries.Count > MaxEntries)
        {
            _entries.Clear();
            Volatile.Write(ref _version, version);
        }
        else if (_entries.TryGetValue(key, out var entry) && entry.Version == version && now - entry.ReadAt < (long)MaxAge.TotalMilliseconds)
        {
            return entry.Value;
        }

        var value = await load(key, state, cancellationToken);
        _entries[key] = new Entry(value, version, now);
        return value;
    }

    private sealed record Entry(TValue Value, long Version, long ReadAt);
}
