/**
 * The operator console: plain HTML, CSS and JavaScript, no build step. Labels are Montenegrin with
 * English beneath, for municipal clerks. It signs in with POST /auth/login, keeps the token in the
 * tab's sessionStorage, and follows GET /handoff/stream (Server-Sent Events) to update without reload.
 * (Kept as a string so that it ships inside the compiled service; no backticks in the script below.)
 */
export const CONSOLE_PAGE_HTML = String.raw`<!doctype html>
<html lang="sr-Latn-ME">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Opština Budva — operaterska konzola / operator console</title>
<style>
  :root { --blue:#1d4f91; --blue-light:#e8f0fb; --line:#d5dbe3; --text:#1b1f24; --muted:#5b6573; --ok:#1f7a3d; --warn:#a15c00; --bad:#b3261e; }
  * { box-sizing: border-box; }
  body { margin:0; font: 16px/1.45 system-ui, "Segoe UI", Roboto, sans-serif; color: var(--text); background:#f5f7fa; }
  header { display:flex; align-items:center; gap:16px; padding:10px 20px; background: var(--blue); color:#fff; }
  header h1 { font-size:18px; margin:0; flex:1; }
  header .who { font-size:14px; }
  button { font: inherit; border-radius:6px; border:1px solid var(--blue); background: var(--blue); color:#fff; padding:7px 14px; cursor:pointer; }
  button.secondary { background:#fff; color: var(--blue); }
  button.danger { background: var(--bad); border-color: var(--bad); }
  button:disabled { opacity:.5; cursor: default; }
  button:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible { outline: 3px solid #ffb703; outline-offset: 1px; }
  input, textarea, select { font: inherit; padding:7px 9px; border:1px solid var(--line); border-radius:6px; background:#fff; }
  small.en { display:block; color: var(--muted); font-size: 12px; }
  #login { max-width: 380px; margin: 8vh auto; background:#fff; padding:28px; border-radius:10px; border:1px solid var(--line); }
  #login label { display:block; margin-top: 14px; font-weight:600; }
  #login input { width:100%; margin-top:4px; }
  #login button { margin-top:20px; width:100%; }
  .error { color: var(--bad); margin-top: 10px; min-height: 1.4em; }
  main { display:grid; grid-template-columns: 360px 1fr; height: calc(100vh - 52px); }
  #queue { border-right:1px solid var(--line); background:#fff; display:flex; flex-direction:column; min-height:0; }
  .tabs { display:flex; border-bottom:1px solid var(--line); }
  .tabs button { flex:1; border:0; border-radius:0; background:#fff; color: var(--text); padding:10px 4px; border-bottom:3px solid transparent; }
  .tabs button[aria-selected="true"] { border-bottom-color: var(--blue); font-weight:700; color: var(--blue); }
  .tabs .count { display:inline-block; min-width: 22px; padding: 0 6px; border-radius: 11px; background: var(--blue-light); font-size: 13px; }
  #sessions { list-style:none; margin:0; padding:0; overflow:auto; flex:1; }
  #sessions li { padding: 12px 14px; border-bottom:1px solid var(--line); cursor:pointer; }
  #sessions li:hover, #sessions li.selected { background: var(--blue-light); }
  #sessions .name { font-weight:600; }
  #sessions .meta { font-size: 13px; color: var(--muted); }
  #sessions .preview { font-size: 14px; white-space: nowrap; overflow:hidden; text-overflow: ellipsis; }
  .empty { padding: 20px; color: var(--muted); }
  #detail { display:flex; flex-direction:column; min-height:0; }
  #detail .head { padding: 12px 20px; background:#fff; border-bottom:1px solid var(--line); display:flex; flex-wrap:wrap; gap: 10px; align-items:center; }
  #detail .head .title { flex:1; min-width: 240px; }
  #detail .head .title b { font-size: 18px; }
  .badge { font-size: 12px; padding: 2px 8px; border-radius: 10px; background: var(--blue-light); color: var(--blue); font-weight:600; }
  .badge.waiting { background:#fff3dc; color: var(--warn); } .badge.active { background:#e3f4e8; color: var(--ok); } .badge.closed { background:#eceff3; color: var(--muted); }
  #transcript { flex:1; overflow:auto; padding: 16px 20px; }
  .msg { max-width: 70%; margin: 6px 0; padding: 8px 12px; border-radius: 10px; background:#fff; border:1px solid var(--line); white-space: pre-wrap; overflow-wrap:anywhere; }
  .msg .at { display:block; font-size: 11px; color: var(--muted); }
  .msg.citizen { margin-right:auto; } .msg.operator { margin-left:auto; background: var(--blue-light); border-color:#c6d7f2; }
  .msg.bot { margin-right:auto; background:#f1f1f1; font-size: 14px; } .msg.note { margin: 6px auto; background:#fffbe6; border-style:dashed; font-size: 14px; }
  .sys { text-align:center; font-size: 13px; color: var(--muted); margin: 8px 0; }
  .divider { text-align:center; font-size: 12px; color: var(--muted); border-top:1px solid var(--line); margin: 14px 0 8px; padding-top: 4px; }
  .msg img { max-width: 260px; display:block; border-radius: 6px; }
  #composer { display:grid; grid-template-columns: 1fr auto; gap: 8px; padding: 12px 20px; background:#fff; border-top:1px solid var(--line); }
  #composer textarea { width:100%; min-height: 60px; resize: vertical; }
  #composer .row { grid-column: 1 / -1; display:flex; gap:8px; flex-wrap: wrap; align-items:center; }
  #toast { position: fixed; right: 20px; bottom: 20px; background: #1b1f24; color:#fff; padding: 10px 16px; border-radius: 8px; opacity: 0; transition: opacity .3s; pointer-events:none; }
  #toast.show { opacity: .95; }
  .live { font-size: 12px; } .live.on::before { content:"●"; color:#7ee081; margin-right:4px; } .live.off::before { content:"●"; color:#ff8a80; margin-right:4px; }
  [hidden] { display:none !important; }
</style>
</head>
<body>
<section id="login" aria-labelledby="login-title">
  <h2 id="login-title">Prijava operatera <small class="en">Operator sign-in</small></h2>
  <form id="login-form">
    <label for="email">E-pošta <small class="en">E-mail</small></label>
    <input id="email" name="email" type="email" autocomplete="username" required>
    <label for="password">Lozinka <small class="en">Password</small></label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit" id="login-button">Prijavi se / Sign in</button>
    <div class="error" id="login-error" role="alert"></div>
  </form>
</section>

<div id="app" hidden>
  <header>
    <h1>Opština Budva — razgovori s građanima <small class="en" style="color:#cfe0ff">Citizen conversations</small></h1>
    <span class="live off" id="live">uživo / live</span>
    <label class="who"><input type="checkbox" id="available"> Dostupan/na <small class="en" style="color:#cfe0ff">Available for new chats</small></label>
    <span class="who" id="who"></span>
    <button class="secondary" id="logout">Odjava / Sign out</button>
  </header>
  <main>
    <section id="queue" aria-label="Red / Queue">
      <div class="tabs" role="tablist">
        <button role="tab" data-status="waiting" aria-selected="true">Čekaju <span class="count" id="count-waiting">0</span><small class="en">Waiting</small></button>
        <button role="tab" data-status="active" aria-selected="false">U toku <span class="count" id="count-active">0</span><small class="en">In progress</small></button>
        <button role="tab" data-status="closed" aria-selected="false">Završeni<small class="en">Closed</small></button>
      </div>
      <ul id="sessions" aria-live="polite"></ul>
    </section>
    <section id="detail" aria-label="Razgovor / Conversation">
      <div class="empty" id="no-session">Izaberite razgovor iz reda lijevo. <small class="en">Pick a conversation from the queue on the left.</small></div>
      <div class="head" id="session-head" hidden>
        <div class="title"><b id="s-name"></b> <span class="badge" id="s-status"></span>
          <div class="meta" style="font-size:13px;color:var(--muted)"><span id="s-citizen"></span> · <span id="s-department"></span> · <span id="s-operator"></span></div></div>
        <button id="claim">Preuzmi / Take</button>
        <select id="transfer-department" aria-label="Služba / Department"></select>
        <button class="secondary" id="transfer">Proslijedi / Transfer</button>
        <button class="danger" id="close">Završi / Close</button>
      </div>
      <div id="transcript" aria-live="polite"></div>
      <form id="composer" hidden>
        <textarea id="reply-text" aria-label="Odgovor / Reply" placeholder="Napišite odgovor građaninu… / Write your answer to the citizen…"></textarea>
        <button type="submit" id="send">Pošalji<small class="en" style="color:#dfe8f7">Send</small></button>
        <div class="row">
          <select id="saved-replies" aria-label="Sačuvani odgovori / Saved replies"><option value="">Sačuvani odgovori / Saved replies…</option></select>
          <input id="note-text" placeholder="Interna bilješka (građanin je ne vidi) / Internal note" style="flex:1;min-width:200px">
          <button type="button" class="secondary" id="add-note">Dodaj bilješku / Add note</button>
        </div>
      </form>
    </section>
  </main>
</div>
<div id="toast" role="status"></div>

<script src="/console/console.js"></script>
</body>
</html>
`;

/**
 * A URL from a citizen's message, if it is http(s); anything else (javascript:, data:, …) is no link.
 * Browser JavaScript, part of the console's script; exported for its test.
 */
export const HTTP_URL_OR_NULL_JS = String.raw`function (value) {
    if (typeof value !== 'string') return null;
    try { var url = new URL(value); } catch (e) { return null; }
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  }`;

/** The console's script, served at /console/console.js: the page runs no inline script (see its CSP). */
export const CONSOLE_SCRIPT_JS = String.raw`(function () {
  'use strict';
  // Budva's departments (dialog content directory); the operator's own are added.
  var DEPARTMENTS = ['local-self-government', 'local-revenue'];
  var token = sessionStorage.getItem('handoff.token');
  var me = JSON.parse(sessionStorage.getItem('handoff.staff') || 'null');
  var status = 'waiting';
  var selected = null;
  var current = null;
  var stream = null;
  var refreshTimer = null;
  var $ = function (id) { return document.getElementById(id); };

  var httpUrlOrNull = ${HTTP_URL_OR_NULL_JS};
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function time(iso) { if (!iso) return ''; var d = new Date(iso); return d.toLocaleString('sr-Latn-ME', { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }); }
  function minutesSince(iso) { return Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60000)); }
  function toast(text) { var t = $('toast'); t.textContent = text; t.classList.add('show'); setTimeout(function () { t.classList.remove('show'); }, 3500); }

  function api(method, path, body) {
    var headers = { authorization: 'Bearer ' + token };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(function (res) {
      if (res.status === 401) { logout(); throw new Error('Prijava je istekla / Session expired'); }
      return res.text().then(function (t) {
        var data = t ? JSON.parse(t) : null;
        if (!res.ok) throw new Error((data && data.message) || ('HTTP ' + res.status));
        return data;
      });
    });
  }

  $('login-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    $('login-error').textContent = '';
    fetch('/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: $('email').value, password: $('password').value }) })
      .then(function (res) { return res.json().then(function (b) { if (!res.ok) throw new Error(b.message || 'Prijava nije uspjela / Sign-in failed'); return b; }); })
      .then(function (b) { token = b.token; me = b.staff; sessionStorage.setItem('handoff.token', token); sessionStorage.setItem('handoff.staff', JSON.stringify(me)); start(); })
      .catch(function (e) { $('login-error').textContent = e.message; });
  });

  function logout() {
    sessionStorage.removeItem('handoff.token'); sessionStorage.removeItem('handoff.staff');
    if (token) api('POST', '/handoff/stream/session/end').catch(function () {});
    token = null; if (stream) stream.close();
    $('app').hidden = true; $('login').hidden = false;
  }
  $('logout').addEventListener('click', logout);

  function start() {
    $('login').hidden = true; $('app').hidden = false;
    $('who').textContent = me ? me.name : '';
    var sel = $('transfer-department'); sel.textContent = '';
    var depts = DEPARTMENTS.slice(); (me && me.departments || []).forEach(function (d) { if (depts.indexOf(d) < 0) depts.push(d); });
    depts.forEach(function (d) { var o = el('option', null, d); o.value = d; sel.appendChild(o); });
    api('GET', '/handoff/saved-replies').then(function (replies) {
      var s = $('saved-replies'); while (s.options.length > 1) s.remove(1);
      replies.forEach(function (r) { var o = el('option', null, r.title); o.value = r.id; s.appendChild(o); });
    }).catch(function () {});
    connect();
    refreshLists();
  }

  function connect() {
    if (stream) stream.close();
    // The token never goes into the URL: a POST with it sets an HttpOnly cookie scoped to the stream.
    api('POST', '/handoff/stream/session').then(function () { if (token) follow(); }).catch(function () {
      $('live').className = 'live off'; setTimeout(function () { if (token) connect(); }, 5000);
    });
  }

  function follow() {
    if (stream) stream.close();
    stream = new EventSource('/handoff/stream');
    stream.addEventListener('ready', function () { $('live').className = 'live on'; });
    stream.onerror = function () {
      $('live').className = 'live off';
      // Given up (the cookie expired, the server said no): ask for a fresh cookie, once the token still works.
      if (stream.readyState === 2) setTimeout(function () { if (token) connect(); }, 3000);
    };
    ['HandoffSessionQueued', 'HandoffSessionAssigned', 'HandoffMessageFromCitizen', 'HandoffMessageFromOperator', 'HandoffNoteAdded', 'HandoffSessionTransferred', 'HandoffSessionEnded', 'HandoffSessionRated'].forEach(function (type) {
      stream.addEventListener(type, function (ev) {
        var e = JSON.parse(ev.data);
        if (type === 'HandoffSessionQueued') toast('Novi razgovor u redu / New conversation waiting: ' + (e.data.citizenName || e.data.citizenId));
        if (type === 'HandoffSessionAssigned' && selected === e.data.sessionId && me && e.data.operatorId !== me.id) toast('Razgovor je preuzeo/la / Taken by ' + e.data.operatorName);
        scheduleRefresh(e.data.sessionId);
      });
    });
  }

  // Several events arrive together (an answer and its notice): one refresh for all of them.
  var pendingDetail = false;
  function scheduleRefresh(sessionId) {
    if (sessionId && sessionId === selected) pendingDetail = true;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () { refreshLists(); if (pendingDetail) { pendingDetail = false; openSession(selected); } }, 80);
  }

  document.querySelectorAll('.tabs button').forEach(function (b) {
    b.addEventListener('click', function () {
      status = b.getAttribute('data-status');
      document.querySelectorAll('.tabs button').forEach(function (x) { x.setAttribute('aria-selected', String(x === b)); });
      refreshLists();
    });
  });

  function refreshLists() {
    ['waiting', 'active'].forEach(function (s) { api('GET', '/handoff/sessions?status=' + s).then(function (list) { $('count-' + s).textContent = list.length; if (s === status) renderList(list); }).catch(function () {}); });
    if (status === 'closed') api('GET', '/handoff/sessions?status=closed').then(renderList).catch(function () {});
  }

  function renderList(list) {
    var ul = $('sessions'); ul.textContent = '';
    if (!list.length) { ul.appendChild(el('li', 'empty', 'Nema razgovora. / No conversations.')); return; }
    list.forEach(function (s) {
      var li = el('li'); li.setAttribute('data-session-id', s.id); if (s.id === selected) li.className = 'selected';
      li.appendChild(el('div', 'name', (s.citizenName || 'Građanin / Citizen') + (s.outsideOfficeHours ? ' ✉' : '')));
      var meta = s.status === 'waiting' ? 'čeka / waiting ' + minutesSince(s.queuedAt) + ' min' : s.status === 'active' ? (s.operatorName || '') : 'završen / closed ' + time(s.endedAt) + (s.rating ? ' · ' + '★'.repeat(s.rating) : '');
      li.appendChild(el('div', 'meta', s.department + ' · ' + meta));
      li.appendChild(el('div', 'preview', s.preview || ''));
      li.addEventListener('click', function () { openSession(s.id); });
      ul.appendChild(li);
    });
  }

  function messageBody(m) {
    var box = document.createDocumentFragment();
    // Only http(s) becomes a picture or a link: a citizen's message cannot make a javascript: or data: link.
    var media = httpUrlOrNull(m.mediaUrl);
    if (media && m.kind === 'picture') { var img = el('img'); img.src = media; img.alt = 'fotografija / photo'; box.appendChild(img); }
    else if (media) { var a = el('a', null, m.fileName || media); a.href = media; a.target = '_blank'; a.rel = 'noopener noreferrer'; box.appendChild(a); }
    else if (m.mediaUrl) box.appendChild(document.createTextNode((m.fileName ? m.fileName + ' ' : '') + '[' + m.mediaUrl + ']'));
    if (m.location) { var l = el('a', null, '📍 ' + m.location.lat + ', ' + m.location.lon); l.href = 'https://www.openstreetmap.org/?mlat=' + m.location.lat + '&mlon=' + m.location.lon; l.target = '_blank'; l.rel = 'noopener'; box.appendChild(l); }
    if (m.lat != null && m.lon != null && !m.location) box.appendChild(document.createTextNode('📍 ' + m.lat + ', ' + m.lon));
    if (m.text) box.appendChild(document.createTextNode((box.childNodes.length ? '\n' : '') + m.text));
    if (!box.childNodes.length) box.appendChild(document.createTextNode('[' + m.kind + ']'));
    return box;
  }

  function bubble(cls, body, at, who) {
    var d = el('div', 'msg ' + cls); d.appendChild(body);
    d.appendChild(el('span', 'at', (who ? who + ' · ' : '') + time(at))); return d;
  }

  function openSession(id) {
    selected = id;
    document.querySelectorAll('#sessions li').forEach(function (li) { li.classList.toggle('selected', li.getAttribute('data-session-id') === id); });
    api('GET', '/handoff/sessions/' + encodeURIComponent(id)).then(renderDetail).catch(function (e) { toast(e.message); });
  }

  function renderDetail(d) {
    current = d.session;
    var s = d.session;
    $('no-session').hidden = true; $('session-head').hidden = false;
    $('s-name').textContent = s.citizenName || 'Građanin / Citizen';
    $('s-status').textContent = { waiting: 'čeka / waiting', active: 'u toku / active', closed: 'završen / closed' }[s.status];
    $('s-status').className = 'badge ' + s.status;
    $('s-citizen').textContent = s.citizenId;
    $('s-department').textContent = s.department;
    $('s-operator').textContent = s.operatorName ? 'operater / operator: ' + s.operatorName : 'nije preuzet / not taken';
    var mine = s.status === 'active' && me && s.operatorId === me.id;
    $('claim').hidden = s.status !== 'waiting';
    $('close').hidden = s.status === 'closed';
    $('transfer').hidden = $('transfer-department').hidden = s.status === 'closed';
    $('composer').hidden = !mine;
    var t = $('transcript'); t.textContent = '';
    if (d.history.length) {
      t.appendChild(el('div', 'divider', 'Ranije s botom / Earlier with the bot'));
      d.history.forEach(function (h) { t.appendChild(bubble(h.author === 'bot' ? 'bot' : 'citizen', messageBody(h), h.at, h.author === 'bot' ? 'bot' : null)); });
    }
    t.appendChild(el('div', 'divider', 'Razgovor s operaterom / Conversation with an operator'));
    d.transcript.forEach(function (e) {
      var x = e.data;
      switch (e.type) {
        case 'HandoffSessionQueued':
          t.appendChild(el('div', 'sys', 'Zatražen operater / Asked for an operator · ' + time(x.queuedAt) + (x.outsideOfficeHours ? ' · van radnog vremena / outside office hours' : '')));
          if (x.text && x.text.indexOf('op:') !== 0) t.appendChild(bubble('citizen', document.createTextNode(x.text), x.requestedAt));
          break;
        case 'HandoffSessionAssigned': t.appendChild(el('div', 'sys', 'Preuzeo/la / Taken by ' + x.operatorName + ' · ' + time(x.assignedAt))); break;
        case 'HandoffMessageFromCitizen': t.appendChild(bubble('citizen', messageBody(x.message), x.receivedAt)); break;
        case 'HandoffMessageFromOperator': t.appendChild(bubble('operator', document.createTextNode(x.text), x.sentAt, x.operatorName)); break;
        case 'HandoffNoteAdded': t.appendChild(bubble('note', document.createTextNode('📝 ' + x.text), x.at, x.operatorName)); break;
        case 'HandoffSessionTransferred': t.appendChild(el('div', 'sys', 'Proslijeđeno / Transferred: ' + x.fromDepartment + ' → ' + x.toDepartment + ' · ' + time(x.at))); break;
        case 'HandoffSessionEnded': t.appendChild(el('div', 'sys', 'Završeno / Ended (' + x.endedBy + ')' + (x.resolution ? ': ' + x.resolution : '') + ' · ' + time(x.endedAt))); break;
        case 'HandoffSessionRated': t.appendChild(el('div', 'sys', 'Ocjena / Rating: ' + '★'.repeat(x.rating))); break;
      }
    });
    t.scrollTop = t.scrollHeight;
  }

  function act(promise, ok) { return promise.then(function (r) { if (ok) toast(ok); openSession(selected); refreshLists(); return r; }).catch(function (e) { toast(e.message); }); }

  $('claim').addEventListener('click', function () { act(api('POST', '/handoff/sessions/' + selected + '/claim'), 'Preuzeto / Taken'); });
  $('close').addEventListener('click', function () {
    var resolution = window.prompt('Kako je riješeno? / How was it resolved?', '');
    if (resolution === null) return;
    act(api('POST', '/handoff/sessions/' + selected + '/close', resolution ? { resolution: resolution } : {}), 'Završeno / Closed');
  });
  $('transfer').addEventListener('click', function () {
    act(api('POST', '/handoff/sessions/' + selected + '/transfer', { department: $('transfer-department').value }), 'Proslijeđeno / Transferred');
  });
  $('composer').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var text = $('reply-text').value.trim(); if (!text) return;
    $('send').disabled = true;
    act(api('POST', '/handoff/sessions/' + selected + '/messages', { text: text })).then(function () { $('reply-text').value = ''; $('send').disabled = false; $('reply-text').focus(); });
  });
  $('reply-text').addEventListener('keydown', function (ev) { if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) $('composer').requestSubmit(); });
  $('saved-replies').addEventListener('change', function () {
    var id = this.value; if (!id) return; this.value = '';
    act(api('POST', '/handoff/sessions/' + selected + '/messages', { savedReplyId: id }));
  });
  $('add-note').addEventListener('click', function () {
    var text = $('note-text').value.trim(); if (!text) return;
    act(api('POST', '/handoff/sessions/' + selected + '/notes', { text: text })).then(function () { $('note-text').value = ''; });
  });
  $('available').addEventListener('change', function () { api('POST', '/handoff/operators/me/availability', { available: this.checked }).catch(function (e) { toast(e.message); }); });

  // Waiting times in the list move on even when nothing happens.
  setInterval(function () { if (token) refreshLists(); }, 60000);
  if (token) start();
})();
`;
