using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Leerplatform.Web.Services;

/// <summary>Identity's validation messages in the UI language (Identity itself only speaks English).</summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), l["Identity_DefaultError"]);

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), l["Identity_ConcurrencyFailure"]);

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), l["Identity_PasswordMismatch"]);

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), l["Identity_InvalidEmail", email ?? string.Empty]);

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), l["Identity_InvalidEmail", userName ?? string.Empty]);

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), l["Identity_DuplicateEmail", email]);

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), l["Identity_DuplicateEmail", userName]);

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), l["Identity_PasswordTooShort", length]);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), l["Identity_PasswordRequiresUniqueChars", uniqueChars]);

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
