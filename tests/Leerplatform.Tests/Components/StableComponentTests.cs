using Leerplatform.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.RenderTree;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leerplatform.Tests.Components;

/// <summary>
/// A component on <see cref="StableComponent"/> renders again only when a parameter is replaced (issue 8: the
/// reader's second render per page turn must not render its table of contents, pager, quiz or case again).
/// </summary>
public sealed class StableComponentTests
{
    [Fact]
    public async Task TheSameObjectsAndEqualValuesDoNotRenderAgain()
    {
        using var renderer = new CountingRenderer();
        var probe = new Probe();
        var module = new object();
        var id = renderer.Attach(probe);

        await renderer.RenderAsync(id, Parameters(module, "pagina-1"));
        await renderer.RenderAsync(id, Parameters(module, new string("pagina-1".AsSpan())));

        Assert.Equal(1, probe.Renders);
    }

    [Fact]
    public async Task AReplacedObjectAChangedValueOrAMissingParameterRendersAgain()
    {
        using var renderer = new CountingRenderer();
        var probe = new Probe();
        var module = new object();
        var id = renderer.Attach(probe);

        await renderer.RenderAsync(id, Parameters(module, "pagina-1"));
        await renderer.RenderAsync(id, Parameters(new object(), "pagina-1"));
        await renderer.RenderAsync(id, Parameters(module, "pagina-2"));
        await renderer.RenderAsync(id, ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(Probe.Module)] = module }));

        Assert.Equal(4, probe.Renders);
    }

    [Fact]
    public async Task ItsOwnStateChangesStillRender()
    {
        using var renderer = new CountingRenderer();
        var probe = new Probe();
        var id = renderer.Attach(probe);
        await renderer.RenderAsync(id, Parameters(new object(), "pagina-1"));

        await renderer.Dispatcher.InvokeAsync(probe.Changed);

        Assert.Equal(2, probe.Renders);
    }

    private static ParameterView Parameters(object module, string page) =>
        ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(Probe.Module)] = module, [nameof(Probe.Page)] = page });

    private sealed class Probe : StableComponent
    {
        [Parameter]
        public object? Module { get; set; }

        [Parameter]
        public string? Page { get; set; }

        public int Renders { get; private set; }

        public void Changed() => StateHasChanged();

        protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
        {
            Renders++;
            builder.AddContent(0, Page);
        }
    }

    // A minimal renderer, as bUnit would provide (it cannot be restored here); Renderer lives in RenderTree.
#pragma warning disable BL0006
    private sealed class CountingRenderer() : Renderer(new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance)
    {
        public override Dispatcher Dispatcher { get; } = Dispatcher.CreateDefault();

        public int Attach(IComponent component) => AssignRootComponentId(component);

        public Task RenderAsync(int id, ParameterView parameters) => Dispatcher.InvokeAsync(() => RenderRootComponentAsync(id, parameters));

        protected override void HandleException(Exception exception) => throw exception;

        protected override Task UpdateDisplayAsync(in RenderBatch renderBatch) => Task.CompletedTask;
    }
#pragma warning restore BL0006
}
