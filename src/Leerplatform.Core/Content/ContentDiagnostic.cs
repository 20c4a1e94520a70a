namespace Leerplatform.Core.Content;

/// <summary>How bad a content problem is: errors keep a module off the site, warnings do not.</summary>
public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>
/// One problem found in the content tree, reported as <c>path:line:col: error|warning: message</c> so that
/// editors and CI logs can jump to it. Path is relative to the content root with forward slashes; line and
/// column are 1-based.
/// </summary>
public sealed record ContentDiagnostic(string Path, int Line, int Column, DiagnosticSeverity Severity, string Message)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public override string ToString() =>
        $"{Path}:{Line}:{Column}: {(IsError ? "error" : "warning")}: {Message}";
}

/// <summary>Collects diagnostics while one content tree is loaded.</summary>
public sealed class DiagnosticBag
{
    private readonly List<ContentDiagnostic> _items = [];

    public IReadOnlyList<ContentDiagnostic> Items => _items;

    public void Error(string path, int line, int column, string message) =>
        _items.Add(new ContentDiagnostic(path, Math.Max(1, line), Math.Max(1, column), DiagnosticSeverity.Error, message));

    public void Warning(string path, int line, int column, string message) =>
        _items.Add(new ContentDiagnostic(path, Math.Max(1, line), Math.Max(1, column), DiagnosticSeverity.Warning, message));

    public bool HasErrorsFor(string pathPrefix) =>
        _items.Any(d => d.IsError && d.Path.StartsWith(pathPrefix, StringComparison.Ordinal));
}
