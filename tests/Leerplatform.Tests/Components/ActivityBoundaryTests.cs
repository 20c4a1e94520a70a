using System.Globalization;
using Leerplatform.Web.Components.Assessment;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leerplatform.Tests.Components;

/// <summary>
/// A quiz or case that fails unexpectedly (the load run at 700 learners saw a database that stayed busy) shows the
/// learner a message with "try again" instead of ending their whole session (issue 8).
/// </summary>
public sealed class ActivityBoundaryTests
{
    [Fact]
    public async Task AFailingActivityShowsAMessageKeepsTheSessionAndCanBeTriedAgain()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("nl-BE");
        var log = new ListLogger();
        using var renderer = new TextRenderer(log);
        var boundary = renderer.Create<ActivityBoundary>();
        var id = renderer.Attach(boundary);
        Flaky.FailuresLeft = 1;

        await renderer.RenderAsync(id, ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(ActivityBoundary.ChildContent)] = (RenderFragment)(b => { b.OpenComponent<Flaky>(0); b.CloseComponent(); }),
        }));

        Assert.Null(renderer.Unhandled);
        Assert.Contains(renderer.Texts, t => t.Contains("kon niet laden of opslaan", StringComparison.Ordinal));
        Assert.Contains(renderer.Texts, t => t == "Opnieuw proberen");
        var error = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.IsType<InvalidOperationException>(error.Exception);

        await renderer.Dispatcher.InvokeAsync(boundary.Recover);

        Assert.Null(renderer.Unhandled);
        Assert.Contains(renderer.Texts, t => t == "casus geladen");
    }

    /// <summary>Fails while <see cref="FailuresLeft"/> is above zero, like a store that is busy for a moment.</summary>
    private sealed class Flaky : ComponentBase
    {
        public static int FailuresLeft { get; set; }

        protected override Task OnParametersSetAsync() =>
            FailuresLeft-- > 0 ? throw new InvalidOperationException("database is locked") : Task.CompletedTask;

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder) => builder.AddContent(0, "casus geladen");
    }

    private sealed class ListLogger : ILogger<ActivityBoundary>
    {
        public List<(LogLevel Level, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, exception));
    }

    private sealed class NoErrorBoundaryLogger : IErrorBoundaryLogger
    {
        public ValueTask LogErrorAsync(Exception exception) => ValueTask.CompletedTask;
    }

    // A minimal renderer, as bUnit would provide (it cannot be restored here); it keeps every text it was sent.
#pragma warning disable BL0006
    private sealed class TextRenderer(ListLogger log) : Renderer(Services(log), NullLoggerFactory.Instance)
    {
        public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

        public List<string> Texts { get; } = [];

        public Exception? Unhandled { get; private set; }

        public int Attach(IComponent component) => AssignRootComponentId(component);

        /// <summary>Created as Blazor creates components, so its [Inject] properties are set.</summary>
        public T Create<T>() where T : IComponent => (T)InstantiateComponent(typeof(T));

        public Task RenderAsync(int id, ParameterView parameters) => Dispatcher.InvokeAsync(() => RenderRootComponentAsync(id, parameters));

        protected override void HandleException(Exception exception) => Unhandled = exception;

        protected override Task UpdateDisplayAsync(in RenderBatch renderBatch)
        {
            var frames = renderBatch.ReferenceFrames;
            for (var i = 0; i < frames.Count; i++)
            {
                if (frames.Array[i].FrameType == RenderTreeFrameType.Text)
                {
                    Texts.Add(frames.Array[i].TextContent.Trim());
                }
            }

            return Task.CompletedTask;
        }

        private static IServiceProvider Services(ListLogger log)
        {
            var services = new ServiceCollection();
            services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
            services.AddLocalization(o => o.ResourcesPath = "Resources");
            services.AddSingleton<ILogger<ActivityBoundary>>(log);
            services.AddSingleton<IErrorBoundaryLogger, NoErrorBoundaryLogger>();
            return services.BuildServiceProvider();
        }
    }
#pragma warning restore BL0006
}
