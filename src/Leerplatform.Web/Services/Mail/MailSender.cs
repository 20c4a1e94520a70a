using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace Leerplatform.Web.Services.Mail;

/// <summary>Settings under <c>Leerplatform:Mail</c>. Development writes mail to files; production sends by SMTP.</summary>
public sealed class MailOptions
{
    public const string Section = "Leerplatform:Mail";

    /// <summary><c>file</c> (write .eml files to <see cref="Folder"/>) or <c>smtp</c>.</summary>
    public string Mode { get; set; } = "smtp";

    /// <summary>For <c>file</c>: folder relative to the data folder.</summary>
    public string Folder { get; set; } = "mail";

    public string From { get; set; } = "Leerplatform <no-reply@leerplatform.example>";

    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 587;

    public bool EnableSsl { get; set; } = true;

    public string UserName { get; set; } = string.Empty;

    /// <summary>Never logged; set it through an environment variable or a secret store.</summary>
    public string Password { get; set; } = string.Empty;
}

public sealed record OutgoingMail(string To, string Subject, string Body);

public interface IMailSender
{
    /// <returns>False when the mail could not be handed over (the caller shows the link instead).</returns>
    Task<bool> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}

/// <summary>Development: every mail becomes an .eml file in the data folder, so invitation links can be opened.</summary>
public sealed class FileMailSender(IOptions<MailOptions> options, IOptions<LeerplatformOptions> app, IHostEnvironment environment, ILogger<FileMailSender> logger) : IMailSender
{
    public async Task<bool> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetFullPath(app.Value.DataPath, environment.ContentRootPath), options.Value.Folder);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}.eml");
        var text = $"From: {options.Value.From}\r\nTo: {mail.To}\r\nSubject: {mail.Subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{mail.Body}\r\n";
        await File.WriteAllTextAsync(path, text, cancellationToken);
        // The path, not the body: the body holds a single-use link that should not end up in shared logs.
        logger.LogInformation("Mail to {To} written to {Path}", mail.To, path);
        return true;
    }
}

/// <summary>Production: plain SMTP with optional TLS and login.</summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options, ILogger<SmtpMailSender> logger) : IMailSender
{
    public async Task<bool> SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Host))
        {
            logger.LogWarning("No SMTP host configured (Leerplatform:Mail:Host); mail to {To} not sent", mail.To);
            return false;
        }

        try
        {
            using var client = new SmtpClient(settings.Host, settings.Port) { EnableSsl = settings.EnableSsl };
            if (settings.UserName.Length > 0)
            {
                client.Credentials = new NetworkCredential(settings.UserName, settings.Password);
            }

            using var message = new MailMessage(settings.From, mail.To, mail.Subject, mail.Body);
            await client.SendMailAsync(message, cancellationToken);
            return true;
        }
        catch (SmtpException exception)
        {
            // StatusCode only: SmtpException text can echo server replies; the password is never in it.
            logger.LogWarning("SMTP refused mail to {To}: {Status}", mail.To, exception.StatusCode);
            return false;
        }
    }
}
