using Leerplatform.Core.Content;
using Leerplatform.Core.Content.Packages;

namespace Leerplatform.Web.Services.Workspace;

/// <summary>The loader's verdict on a draft: diagnostics with paths inside the module folder, and the module when valid.</summary>
public sealed record DraftResult(IReadOnlyList<ContentDiagnostic> Diagnostics, LearningModule? Module)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// Runs a draft through exactly the loader and linter that <c>check</c> and the app use: the files are written to
/// a scratch content folder next to the platform's competence framework, loaded, and the folder removed again.
/// </summary>
public sealed class DraftCompiler(ContentCatalog catalog)
{
    public DraftResult Compile(string folderName, IEnumerable<ModuleFile> files)
    {
        var root = Path.Combine(Path.GetTempPath(), "leerplatform-drafts", Guid.NewGuid().ToString("N"));
        try
        {
            var diagnostics = new List<ContentDiagnostic>();
            var accepted = new List<ModuleFile>();
            foreach (var file in files)
            {
                try
                {
                    ModulePackage.Check(file);
                    accepted.Add(file);
                }
                catch (ModulePackageException exception)
                {
                    diagnostics.Add(new ContentDiagnostic(file.Path, 1, 1, DiagnosticSeverity.Error, exception.Message));
                }
            }

            ModulePackage.Materialise(root, folderName, accepted);
            CopyFramework(root);
            var library = ContentLoader.Load(root);
            var prefix = $"{ContentLoader.ModulesFolder}/{folderName}/";
            diagnostics.AddRange(library.Diagnostics
                .Where(d => d.Path.StartsWith(prefix, StringComparison.Ordinal) || d.Path == prefix.TrimEnd('/'))
                .Select(d => d with { Path = d.Path.Length > prefix.Length ? d.Path[prefix.Length..] : ContentLoader.ModuleFile }));
            var ordered = diagnostics.OrderBy(d => d.Path, NaturalStringComparer.Instance).ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();
            return new DraftResult(ordered, ordered.Any(d => d.IsError) ? null : library.Modules.SingleOrDefault());
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A scratch folder left behind in /tmp is harmless; never fail a preview over it.
            }
        }
    }

    /// <summary>Drafts are checked against the platform's own competence framework (codes C1–C8).</summary>
    public void CopyFramework(string root)
    {
        var framework = Path.Combine(catalog.Current.RootPath, "competenties.yml");
        if (File.Exists(framework))
        {
            File.Copy(framework, Path.Combine(root, "competenties.yml"), overwrite: true);
        }

        // Trainers cite the platform's Bibliotheek with bron: links, so drafts are checked against it too.
        var library = Path.Combine(catalog.Current.RootPath, Leerplatform.Core.Content.Library.SourceLibraryLoader.Folder);
        if (Directory.Exists(library))
        {
            var target = Directory.CreateDirectory(Path.Combine(root, Leerplatform.Core.Content.Library.SourceLibraryLoader.Folder)).FullName;
            foreach (var file in Directory.EnumerateFiles(library, "*.yml"))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            }
        }
    }
}
