// Sésame's only script, and an optional one: every page works without it. It adds the anti-bot
// proof of work (ALTCHA) to identification forms and a show-password button to password fields.
(function () {
  "use strict";

  var lang = document.documentElement.lang === "en" ? "en" : "fr";
  var texts = {
    fr: {
      working: "Vérification anti-robot en cours…",
      done: "Vérification anti-robot terminée.",
      failed: "La vérification anti-robot n'a pas pu se faire ; vous pouvez continuer quand même.",
      show: "Afficher le mot de passe",
      hide: "Masquer le mot de passe"
    },
    en: {
      working: "Anti-robot check in progress…",
      done: "Anti-robot check done.",
      failed: "The anti-robot check could not run; you can go on anyway.",
      show: "Show password",
      hide: "Hide password"
    }
  }[lang];

  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = "";
    for (var i = 0; i < bytes.length; i++) {
      out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return out;
  }

  // ALTCHA: find n in [0, maxnumber] with SHA-256(salt + n) = challenge.
  async function solve(challenge) {
    var encoder = new TextEncoder();
    for (var n = 0; n <= challenge.maxnumber; n++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n));
      if (hex(digest) === challenge.challenge) {
        return n;
      }
    }
    return null;
  }

  function antiBot(form) {
    var field = form.querySelector("input[name=antiBot]");
    var status = form.querySelector("[data-antibot-status]");
    if (!field || !window.crypto || !crypto.subtle || !window.fetch) {
      return;
    }
    var ready = false;
    var waiting = false;
    if (status) {
      status.textContent = texts.working;
    }
    fetch("/api/v1/anti-bot/challenge", { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (challenge) {
        return solve(challenge).then(function (number) {
          if (number === null) {
            throw new Error("unsolved");
          }
          field.value = btoa(JSON.stringify({
            algorithm: challenge.algorithm,
            challenge: challenge.challenge,
            number: number,
            salt: challenge.salt,
            signature: challenge.signature
          }));
        });
      })
      .then(function () {
        ready = true;
        if (status) {
          status.textContent = texts.done;
        }
        if (waiting) {
          form.submit();
        }
      })
      .catch(function () {
        ready = true;
        if (status) {
          status.textContent = texts.failed;
        }
      });
    // Submitting before the check is done waits for it rather than losing what was typed.
    form.addEventListener("submit", function (event) {
      if (!ready) {
        event.preventDefault();
        waiting = true;
        if (status) {
          status.textContent = texts.working;
        }
      }
    });
  }

  function passwordToggle(input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "toggle";
    button.textContent = texts.show;
    button.setAttribute("aria-controls", input.id);
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", function () {
      var shown = input.type === "text";
      input.type = shown ? "password" : "text";
      button.textContent = shown ? texts.show : texts.hide;
      button.setAttribute("aria-pressed", shown ? "false" : "true");
    });
    input.insertAdjacentElement("afterend", button);
  }

  document.querySelectorAll("form[data-antibot]").forEach(antiBot);
  document.querySelectorAll("input[data-password]").forEach(passwordToggle);
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
