[assembly: System.Resources.NeutralResourcesLanguage("nl")]

namespace Leerplatform.Web;

/// <summary>
/// Marker for the UI strings in <c>Resources/SharedResource.resx</c> (Dutch, the neutral language) and
/// <c>SharedResource.en.resx</c> (English). Inject <c>IStringLocalizer&lt;SharedResource&gt;</c>.
/// </summary>
public sealed class SharedResource;
