// mynapin counter page: the one script (served from the binary, no inline script).
// 1. Server-sent events: when the desk changes on the server (a card put on or taken
//    off the reader, the idle timeout, card work finished), the page loads again.
// 2. After a refused form, the focus goes to what went wrong (a field marked invalid, or
//    the first alert), so it is seen and read out without scrolling.
// 3. The live format check of PIN fields, with the words the server put in data-*
//    attributes (this file holds no language). The server checks again before any APDU.
'use strict';
(function () {
  var body = document.body;
  var generation = body.getAttribute('data-generation');
  var home = body.getAttribute('data-home') || '/';
  if (window.EventSource) {
    var events = new EventSource('/events');
    events.addEventListener('desk', function (event) {
      if (event.data !== generation) {
        events.close();
        window.location.replace(home);
      }
    });
  }
  var wrong = document.querySelector('input[aria-invalid="true"]') ||
    document.querySelector('.error[role="alert"], #missing');
  if (wrong) {
    if (!wrong.matches('input')) {
      wrong.setAttribute('tabindex', '-1');
    }
    wrong.focus();
  }
  function formatOk(format, value) {
    if (format === 'digits4') {
      return /^[0-9]{4}$/.test(value);
    }
    return /^[A-Za-z0-9]{6,16}$/.test(value) && /[A-Za-z]/.test(value) && /[0-9]/.test(value);
  }
  var inputs = document.querySelectorAll('input[data-format]');
  Array.prototype.forEach.call(inputs, function (input) {
    var live = document.getElementById(input.getAttribute('data-live'));
    var sameId = input.getAttribute('data-same');
    function check() {
      var value = input.value;
      if (value === '') {
        live.textContent = '';
        input.setAttribute('aria-invalid', 'false');
        return;
      }
      var ok = formatOk(input.getAttribute('data-format'), value);
      var text = ok ? live.getAttribute('data-ok') : live.getAttribute('data-bad');
      if (ok && sameId) {
        var same = document.getElementById(sameId);
        if (same && same.value !== value) {
          ok = false;
          text = live.getAttribute('data-mismatch');
        }
      }
      live.textContent = text;
      input.setAttribute('aria-invalid', ok ? 'false' : 'true');
    }
    input.addEventListener('input', check);
  });
})();
