using Samverkan.Sekretess.Core.Identity;

namespace Samverkan.Sekretess.Web.Pages.Admin;

/// <summary>A one-time sign-in code to show the administrator once (Pages/Admin/_SignInCode.cshtml).</summary>
public sealed record SignInCodeModel(string UserName, SignInCode Code);
