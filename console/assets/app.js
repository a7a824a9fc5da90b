// The console's only script: it refreshes the page's live section in place, and says how old
// what is shown is when it cannot. Everything works without it (a reload does the same).
(function () {
  'use strict';
  var everyMs = 5000;

  function section() {
    return document.getElementById('live');
  }

  function ageInWords(since) {
    var seconds = Math.max(0, Math.round((Date.now() - Date.parse(since)) / 1000));
    return seconds < 90 ? seconds + ' s' : Math.round(seconds / 60) + ' min';
  }

  function sayStale(why) {
    var live = section();
    var note = document.getElementById('staleness');
    if (!live || !note) return;
    note.textContent = ' · ' + why + ': this is what was true ' + ageInWords(live.getAttribute('data-as-of')) + ' ago.';
    note.className = 'stale';
  }

  function refresh() {
    if (!section() || document.hidden) return;
    fetch(location.href, { headers: { 'X-Console-Live': '1' }, credentials: 'same-origin', redirect: 'manual' })
      .then(function (response) {
        if (response.type === 'opaqueredirect' || response.status === 401) return sayStale('Your session has ended; sign in again');
        if (!response.ok) return sayStale('The console could not refresh (HTTP ' + response.status + ')');
        return response.text().then(function (text) {
          var holder = document.createElement('div');
          holder.innerHTML = text; // the server's own escaped markup (console/html.ts), scripts never run from it
          var fresh = holder.querySelector('#live');
          if (fresh) section().replaceWith(fresh);
        });
      })
      .catch(function () {
        sayStale('The console could not be reached');
      });
  }

  setInterval(refresh, everyMs);
})();
