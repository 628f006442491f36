// The date page comes from the shared front cache, so its booking form carries no CSRF token (one
// visitor's token must never be handed to the next). As the visitor sends the form, ask for a
// token of their own and send it along. If that fails, or without JavaScript, the booking page
// shows the form again, filled in, with a fresh token: nothing is lost.
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.rsvp-form")) return;
    if (form.querySelector('input[name="csrfmiddlewaretoken"]')) return;
    event.preventDefault();
    var send = function () { HTMLFormElement.prototype.submit.call(form); };
    fetch("/rsvp/token/", { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (data) {
        if (data.token) {
          var input = document.createElement("input");
          input.type = "hidden";
          input.name = "csrfmiddlewaretoken";
          input.value = data.token;
          form.appendChild(input);
        }
        send();
      }, send);
  });
})();
