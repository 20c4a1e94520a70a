using Leerplatform.LoadTests.TemplateFixture.Components;
using Leerplatform.Web.Endpoints;

var builder = WebApplication.CreateBuilder(args);

// Add services to the container.
builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();

// The only change to the template: the load test's diagnostics (off unless Leerplatform:Diagnostics:Enabled).
if (LoadDiagnostics.IsEnabled(builder.Configuration))
{
    builder.Services.AddLoadDiagnostics();
}

var app = builder.Build();

// Configure the HTTP request pipeline.
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    // The default HSTS value is 30 days. You may want to change this for production scenarios, see https://aka.ms/aspnetcore-hsts.
    app.UseHsts();
}

app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();
if (LoadDiagnostics.IsEnabled(app.Configuration))
{
    app.MapLoadDiagnostics();
}

app.Run();
