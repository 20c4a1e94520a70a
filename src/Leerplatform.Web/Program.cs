using Leerplatform.Web;
using Leerplatform.Web.Services;

// `dotnet run --project src/Leerplatform.Web -- check [folder]` validates content and exits (CI and authors).
if (args.Length > 0 && args[0] == "check")
{
    return ContentCheckCommand.Run(args[1..], Console.Out);
}

// `-- recompute` rebuilds every learner's competence levels from the evidence log (after a rule or content change).
if (args.Length > 0 && args[0] == "recompute")
{
    return await RecomputeCommand.RunAsync(args[1..], Console.Out);
}

// `-- seed-load-users N` creates N learner accounts for the load test (not in Production unless forced).
if (args.Length > 0 && args[0] == "seed-load-users")
{
    return await SeedLoadUsersCommand.RunAsync(args[1..], Console.Out);
}

var app = LeerplatformApp.Build(args);
await app.RunAsync();
return 0;

/// <summary>Entry point; public so WebApplicationFactory&lt;Program&gt; can host the app in tests.</summary>
public partial class Program;
