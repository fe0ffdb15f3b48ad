// mynapin counter page: the one script (served from the binary, no inline script).
// 1. Server-sent events: when the desk changes on the server (a card put on or taken
//    off the reader, the idle timeout, card work finished), the page loads again.
// 2. After a refused form, the focus goes to what went wrong (a field marked invalid, or
//    the first alert), so it is seen and read out without scrolling.
// 3. Live regions read out after a reload; the idle warning and typing as activity.
// 4. The live format check of PIN fields, with the words the server put in data-*
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
  // A screen that arrives by a reload has its news read out (a live region present at
  // load time is not announced): the first status or alert, copied into an empty one.
  var announce = document.getElementById('announce');
  var news = document.querySelector('main [role="status"], main [role="alert"]:not([hidden])');
  if (announce && news) {
    window.setTimeout(function () { announce.textContent = news.textContent.trim(); }, 150);
  }
  // The idle time: typing keeps the screen (at most one request every 10 s), and 20 s
  // before it is cleared a warning with a button asks for more time.
  var csrfField = document.querySelector('input[name="csrf"]');
  var warning = document.getElementById('idle-warning');
  var idleSeconds = parseInt(body.getAttribute('data-idle'), 10) || 120;
  var lastTouch = 0;
  var warningTimer = null;
  function armWarning() {
    if (!warning) {
      return;
    }
    if (warningTimer) {
      window.clearTimeout(warningTimer);
    }
    warning.hidden = true;
    warningTimer = window.setTimeout(function () {
      warning.hidden = false;
      document.getElementById('idle-continue').focus();
    }, Math.max(idleSeconds - 20, 1) * 1000);
  }
  function touch(force) {
    var now = Date.now();
    if (!csrfField || (!force && now - lastTouch < 10000)) {
      return;
    }
    lastTouch = now;
    window.fetch('/touch', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'csrf=' + encodeURIComponent(csrfField.value)
    });
    armWarning();
  }
  armWarning();
  document.addEventListener('input', function () { touch(false); });
  if (warning) {
    document.getElementById('idle-continue').addEventListener('click', function () { touch(true); });
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
