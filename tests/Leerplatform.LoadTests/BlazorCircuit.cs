using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Leerplatform.LoadTests.Protocol;

namespace Leerplatform.LoadTests;

/// <summary>
/// One real Blazor Server circuit driven headlessly, the way blazor.web.js (ASP.NET Core 9) drives it:
/// GET the page and take its server component markers, open <c>/_blazor</c> over a raw WebSocket with the
/// blazorpack handshake, <c>StartCircuit</c>, answer <c>attachWebRendererInterop</c>, <c>UpdateRootComponents</c>,
/// then acknowledge every render batch (<c>OnRenderCompleted</c>) and answer every JS interop call. Events go
/// through the renderer's interop object (<c>DispatchEventAsync</c>), navigation through <c>OnLocationChanged</c>.
/// </summary>
public sealed partial class BlazorCircuit : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly object _gate = new();
    private readonly List<Waiter> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Uri _baseUri;
    private readonly HttpClient _http;
    private TaskCompletionSource<string?>? _started;
    private TaskCompletionSource? _interopAttached;
    private TaskCompletionSource? _rootsUpdated;
    private long _interopObjectId;
    private int _nextCallId;
    private Task? _receiveLoop;
    private Task? _pingLoop;
    private string? _circuitId;

    private BlazorCircuit(Uri baseUri, HttpClient http)
    {
        _baseUri = baseUri;
        _http = http;
    }

    /// <summary>The UI as the server rendered it; read it only inside <see cref="Read{T}"/> or a wait predicate.</summary>
    public Dom Dom { get; } = new();

    /// <summary>Why the circuit broke (server error, closed socket), or null while healthy.</summary>
    public string? Failure { get; private set; }

    public long RenderBatches { get; private set; }

    /// <summary>Opens a circuit on <paramref name="path"/> and waits until the root components are attached.</summary>
    public static async Task<BlazorCircuit> OpenAsync(Uri baseUri, string path, HttpClient http, CookieContainer? cookies, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var circuit = new BlazorCircuit(baseUri, http);
        try
        {
            await circuit.StartAsync(path, cookies, timeout, cancellationToken);
            return circuit;
        }
        catch
        {
            await circuit.DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync(string path, CookieContainer? cookies, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var pageUri = new Uri(_baseUri, path);
        using var request = new HttpRequestMessage(HttpMethod.Get, pageUri);
        if (cookies?.GetCookieHeader(pageUri) is { Length: > 0 } cookieHeader)
        {
            // One shared HttpClient for thousands of learners: cookies travel per request, not per handler.
            request.Headers.Add("Cookie", cookieHeader);
        }

        using var response = await _http.SendAsync(request, deadline.Token);
        response.EnsureSuccessStatusCode();
        var html = await response.Content.ReadAsStringAsync(deadline.Token);
        var markers = MarkerPattern().Matches(html).Select(m => m.Groups[1].Value)
            .Where(json => json.Contains("\"type\":\"server\"", StringComparison.Ordinal)).ToList();
        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"{path}: no interactive server component markers in the page");
        }

        var state = StatePattern().Match(html) is { Success: true } s ? s.Groups[1].Value : string.Empty;

        if (cookies is not null)
        {
            _socket.Options.Cookies = cookies;
        }

        var ws = new UriBuilder(new Uri(_baseUri, "_blazor")) { Scheme = _baseUri.Scheme == "https" ? "wss" : "ws" }.Uri;
        await _socket.ConnectAsync(ws, deadline.Token);
        await _socket.SendAsync(HubMessages.HandshakeRequest, WebSocketMessageType.Text, true, deadline.Token);

        _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _interopAttached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _rootsUpdated = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);

        await SendAsync(HubMessages.Invoke("0", "StartCircuit", 4, w => w.String(_baseUri.ToString()).String(pageUri.ToString()).String("[]").String(state)));
        _circuitId = await _started.Task.WaitAsync(deadline.Token) ?? throw new InvalidOperationException("the server refused to start the circuit");
        await _interopAttached.Task.WaitAsync(deadline.Token);

        var operations = new JsonArray();
        for (var i = 0; i < markers.Count; i++)
        {
            var marker = JsonNode.Parse(markers[i])!.AsObject();
            marker["uniqueId"] = i;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker });
        }

        var json = new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString();
        await SendAsync(HubMessages.Invoke(null, "UpdateRootComponents", 2, w => w.String(json).String(state)));
        await _rootsUpdated.Task.WaitAsync(deadline.Token);
        _pingLoop = Task.Run(PingLoopAsync, CancellationToken.None);
    }

    /// <summary>Reads the UI consistently (the receive loop does not apply batches meanwhile).</summary>
    public T Read<T>(Func<Dom, T> read)
    {
        lock (_gate)
        {
            return read(Dom);
        }
    }

    /// <summary>Waits until <paramref name="until"/> holds for the UI (checked after every render batch).</summary>
    public Task WaitAsync(Func<Dom, bool> until, TimeSpan timeout) => Register(null, until, timeout, null);

    /// <summary>
    /// Dispatches a browser event to the handler <paramref name="eventName"/> ("onclick", "onchange", "oninput") of
    /// the element <paramref name="find"/> locates, and completes when the server has finished the handler and
    /// <paramref name="until"/> holds for the rendered UI.
    /// </summary>
    public Task DispatchAsync(Func<Dom, DomNode?> find, string eventName, string eventArgsJson, Func<Dom, bool> until, TimeSpan timeout)
    {
        byte[] message;
        string callId;
        lock (_gate)
        {
            var element = find(Dom) ?? throw new ActionException($"no element to raise {eventName} on");
            if (!element.Handlers.TryGetValue(eventName, out var handlerId))
            {
                throw new ActionException($"<{element.Name} id={element.Id}> has no {eventName} handler");
            }

            callId = (++_nextCallId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var type = eventName[2..];
            var args = $"[{{\"eventHandlerId\":{handlerId},\"eventName\":\"{type}\",\"eventFieldInfo\":null}},{eventArgsJson}]";
            message = HubMessages.Invoke(null, "BeginInvokeDotNetFromJS", 5, w => w.String(callId).Nil().String("DispatchEventAsync").Int(_interopObjectId).String(args));
        }

        return Register(callId, until, timeout, message);
    }

    public Task ClickAsync(Func<Dom, DomNode?> find, Func<Dom, bool> until, TimeSpan timeout) =>
        DispatchAsync(find, "onclick", ClickArgs, until, timeout);

    /// <summary>A change event as a radio, checkbox or select raises it (<c>ChangeEventArgs { Value }</c>).</summary>
    public Task ChangeAsync(Func<Dom, DomNode?> find, JsonNode? value, Func<Dom, bool> until, TimeSpan timeout) =>
        DispatchAsync(find, "onchange", new JsonObject { ["value"] = value }.ToJsonString(), until, timeout);

    public Task InputAsync(Func<Dom, DomNode?> find, string value, Func<Dom, bool> until, TimeSpan timeout) =>
        DispatchAsync(find, "oninput", new JsonObject { ["value"] = value }.ToJsonString(), until, timeout);

    /// <summary>An intercepted link click under interactive routing: the router renders the new page in this circuit.</summary>
    public Task NavigateAsync(string href, Func<Dom, bool> until, TimeSpan timeout)
    {
        var uri = new Uri(_baseUri, href).ToString();
        return Register(null, until, timeout, HubMessages.Invoke(null, "OnLocationChanged", 3, w => w.String(uri).Nil().Bool(true)));
    }

    private const string ClickArgs = "{\"detail\":1,\"screenX\":0,\"screenY\":0,\"clientX\":0,\"clientY\":0,\"offsetX\":0,\"offsetY\":0,\"pageX\":0,\"pageY\":0,\"movementX\":0,\"movementY\":0,\"button\":0,\"buttons\":0,\"ctrlKey\":false,\"shiftKey\":false,\"altKey\":false,\"metaKey\":false,\"type\":\"click\"}";

    private async Task Register(string? callId, Func<Dom, bool> until, TimeSpan timeout, byte[]? message)
    {
        var waiter = new Waiter(callId, until);
        lock (_gate)
        {
            if (Failure is not null)
            {
                throw new ActionException(Failure);
            }

            if (message is null && until(Dom))
            {
                return;
            }

            _waiters.Add(waiter);
        }

        try
        {
            if (message is not null)
            {
                if (Trace)
                {
                    Console.Error.WriteLine($"{TraceClock.Elapsed.TotalMilliseconds,9:0.0} -> {(callId is null ? "OnLocationChanged" : "DispatchEventAsync " + callId)}");
                }

                await SendAsync(message);
            }

            await waiter.Done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            if (Trace)
            {
                Console.Error.WriteLine("UI at timeout: " + Read(d => string.Join(" | ", d.AllByClass("scenario").Select(d.TextOf))));
            }

            throw new ActionException($"timed out after {timeout.TotalSeconds:0.#} s");
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    private async Task SendAsync(byte[] message)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Binary, true, _stop.Token);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        var filled = 0;
        var handshakeDone = false;
        var messages = new List<object?[]>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Fail("the server closed the WebSocket");
                    return;
                }

                filled += result.Count;
                var start = 0;
                if (!handshakeDone)
                {
                    var end = Array.IndexOf(buffer, (byte)0x1e, 0, filled);
                    if (end < 0)
                    {
                        continue;
                    }

                    var response = Encoding.UTF8.GetString(buffer, 0, end);
                    if (response.Contains("error", StringComparison.Ordinal))
                    {
                        Fail("handshake refused: " + response);
                        return;
                    }

                    handshakeDone = true;
                    start = end + 1;
                }

                messages.Clear();
                var consumed = HubMessages.Parse(buffer.AsSpan(start, filled - start), messages);
                Buffer.BlockCopy(buffer, start + consumed, buffer, 0, filled - start - consumed);
                filled -= start + consumed;
                foreach (var message in messages)
                {
                    await HandleAsync(message);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Fail($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task HandleAsync(object?[] message)
    {
        switch (Convert.ToInt32(message[0], System.Globalization.CultureInfo.InvariantCulture))
        {
            case HubMessages.Invocation:
                await HandleInvocationAsync((string)message[3]!, (object?[])message[4]!);
                break;
            case HubMessages.Completion when message[2] as string == "0":
                // StartCircuit: kind 3 carries the circuit id; 1 is an error.
                _started?.TrySetResult(message.Length > 4 ? message[4] as string : null);
                break;
            case HubMessages.Close:
                Fail("the server closed the circuit: " + (message.Length > 1 ? message[1] : null));
                break;
        }
    }

    private static readonly bool Trace = Environment.GetEnvironmentVariable("LOADTEST_TRACE") == "1";

    // Times the trace's lines, so the messages of one action can be told from the next one's.
    private static readonly System.Diagnostics.Stopwatch TraceClock = System.Diagnostics.Stopwatch.StartNew();

    private async Task HandleInvocationAsync(string target, object?[] args)
    {
        if (Trace)
        {
            Console.Error.WriteLine($"{TraceClock.Elapsed.TotalMilliseconds,9:0.0} <- {target} {string.Join(", ", args.Select(a => a is byte[] b ? $"[{b.Length} bytes]" : a?.ToString()))}");
        }

        switch (target)
        {
            case "JS.RenderBatch":
                var batchId = Convert.ToInt64(args[0], System.Globalization.CultureInfo.InvariantCulture);
                var batch = RenderBatch.Parse((byte[])args[1]!);
                lock (_gate)
                {
                    Dom.Apply(batch);
                    RenderBatches++;
                    CheckWaiters();
                }

                await SendAsync(HubMessages.Invoke(null, "OnRenderCompleted", 2, w => w.Int(batchId).Nil()));
                break;
            case "JS.BeginInvokeJS":
                var taskId = Convert.ToInt64(args[0], System.Globalization.CultureInfo.InvariantCulture);
                var identifier = args[1] as string;
                if (identifier == "Blazor._internal.attachWebRendererInterop")
                {
                    // [rendererId, {"__dotNetObject": id}, …]: events are dispatched to that object.
                    var parsed = JsonNode.Parse((string)args[2]!)!.AsArray();
                    _interopObjectId = parsed[1]!["__dotNetObject"]!.GetValue<long>();
                    _interopAttached?.TrySetResult();
                }

                if (taskId != 0)
                {
                    // Every other call (focus, page title, navigation interception) succeeds with no value.
                    await SendAsync(HubMessages.Invoke(null, "EndInvokeJSFromDotNet", 3, w => w.Int(taskId).Bool(true).String($"[{taskId},true,null]")));
                }

                break;
            case "JS.EndInvokeDotNet":
                var callId = args[0] as string;
                var succeeded = args[1] is true;
                lock (_gate)
                {
                    foreach (var waiter in _waiters.Where(w => w.CallId == callId))
                    {
                        if (!succeeded)
                        {
                            waiter.Done.TrySetException(new ActionException("the server's handler failed: " + args[2]));
                        }

                        waiter.CallDone = true;
                    }

                    CheckWaiters();
                }

                break;
            case "JS.EndUpdateRootComponents":
                _rootsUpdated?.TrySetResult();
                break;
            case "JS.Error":
                Fail("server error: " + args.FirstOrDefault());
                break;
        }
    }

    private void CheckWaiters()
    {
        foreach (var waiter in _waiters)
        {
            if ((waiter.CallId is null || waiter.CallDone) && !waiter.Done.Task.IsCompleted && waiter.Until(Dom))
            {
                waiter.Done.TrySetResult();
            }
        }
    }

    private void Fail(string reason)
    {
        lock (_gate)
        {
            Failure ??= reason;
            foreach (var waiter in _waiters)
            {
                waiter.Done.TrySetException(new ActionException(reason));
            }
        }

        _started?.TrySetException(new InvalidOperationException(reason));
        _interopAttached?.TrySetException(new InvalidOperationException(reason));
        _rootsUpdated?.TrySetException(new InvalidOperationException(reason));
    }

    private async Task PingLoopAsync()
    {
        // The server drops a client it has not heard from for 30 s (ClientTimeoutInterval).
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await SendAsync(HubMessages.PingMessage);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            Fail($"ping failed: {ex.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        if (_circuitId is not null)
        {
            // What blazor.web.js sends on unload: the server disposes the circuit now instead of retaining it.
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var content = new FormUrlEncodedContent([new("circuitId", _circuitId)]);
                using var response = await _http.PostAsync(new Uri(_baseUri, "_blazor/disconnect"), content, timeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
            }
        }

        foreach (var task in new[] { _receiveLoop, _pingLoop })
        {
            if (task is not null)
            {
                await Task.WhenAny(task, Task.Delay(1000));
            }
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex MarkerPattern();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex StatePattern();

    private sealed class Waiter(string? callId, Func<Dom, bool> until)
    {
        public string? CallId { get; } = callId;

        public Func<Dom, bool> Until { get; } = until;

        public bool CallDone { get; set; }

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>An action of the journey did not work (missing control, refused event, timeout, broken circuit).</summary>
public sealed class ActionException(string message) : Exception(message);
