using Leerplatform.Core.Content;

namespace Leerplatform.Web.Services;

/// <summary>
/// The <c>check</c> command: the same loader the app uses, printing one line per problem as
/// <c>path:line:col: error|warning: message</c>; exit code 1 when there is any error.
/// </summary>
public static class ContentCheckCommand
{
    public static int Run(string[] args, TextWriter output)
    {
        var folder = args.Length > 0 ? Path.GetFullPath(args[0]) : RepositoryPaths.Resolve(string.Empty, Directory.GetCurrentDirectory(), "content");
        var library = ContentLoader.Load(folder);
        // Paths start with the folder's own name ("content/modules/…"), which is the repository-relative path
        // for the real curriculum, so editors and CI logs can jump straight to the line.
        var prefix = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        foreach (var diagnostic in library.Diagnostics
                     .OrderBy(d => d.Path, NaturalStringComparer.Instance)
                     .ThenBy(d => d.Line)
                     .ThenBy(d => d.Column))
        {
            output.WriteLine((diagnostic with { Path = $"{prefix}/{diagnostic.Path}" }).ToString());
        }

        var errors = library.Diagnostics.Count(d => d.IsError);
        var warnings = library.Diagnostics.Count - errors;
        output.WriteLine($"{folder}: {library.Modules.Count} modules geldig, {library.Skipped.Count} met fouten; {errors} fouten, {warnings} waarschuwingen");
        return errors > 0 ? 1 : 0;
    }
}
