// Passkeys (WebAuthn) for the login page and "Mina inloggningsnycklar". No inline script (CSP): this file binds to
// forms marked data-passkey="register" or data-passkey="login". The server makes the options and checks the result;
// this only hands them between the server and the browser's authenticator.
(function () {
    "use strict";
    if (!window.PublicKeyCredential || !PublicKeyCredential.parseCreationOptionsFromJSON) return;

    function token(form) {
        var input = form.querySelector("input[name='__RequestVerificationToken']");
        return input ? input.value : "";
    }

    async function options(form) {
        var response = await fetch(form.getAttribute("data-options-url"), {
            method: "POST", credentials: "same-origin", headers: { "RequestVerificationToken": token(form) }
        });
        if (!response.ok) throw new Error("options " + response.status);
        return response.json();
    }

    function showError(form, text) {
        var box = form.querySelector("[data-passkey-error]");
        if (!box) return;
        box.textContent = text;
        box.hidden = false;
    }

    document.querySelectorAll("form[data-passkey]").forEach(function (form) {
        form.hidden = false;
        form.addEventListener("submit", async function (event) {
            var field = form.querySelector("input[name='CredentialJson']");
            if (field.value) return; // second pass: the credential is in the form, let it post
            event.preventDefault();
            try {
                var json = await options(form);
                var credential = form.getAttribute("data-passkey") === "register"
                    ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(json) })
                    : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(json) });
                field.value = JSON.stringify(credential.toJSON());
                form.submit();
            } catch (e) {
                showError(form, form.getAttribute("data-error-text"));
            }
        });
    });
})();
