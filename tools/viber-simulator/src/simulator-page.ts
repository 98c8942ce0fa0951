/**
 * The simulator's chat page: plain HTML, CSS and JavaScript in one string, so there is no build step
 * and nothing to copy next to the compiled code. (String.raw keeps the page's own backslashes.)
 */
export const SIMULATOR_PAGE_HTML = String.raw`<!doctype html>
<html lang="sr-Latn-ME">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Citizen Desk · Viber simulator</title>
<style>
  :root { --viber: #7360f2; --viber-dark: #59267c; --bg: #eceff4; --bubble-bot: #ffffff; --bubble-me: #e6e0ff; --text: #1d1d28; --muted: #737386; }
  * { box-sizing: border-box; }
  body { margin: 0; min-height: 100vh; display: flex; align-items: center; justify-content: center; gap: 32px;
         font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text);
         background: radial-gradient(circle at 20% 20%, #d9d2ff, #f3f1fb 55%, #e8ecf3); }
  .intro { max-width: 320px; }
  .intro h1 { font-size: 22px; margin: 0 0 8px; color: var(--viber-dark); }
  .intro p { color: var(--muted); margin: 6px 0; }
  .intro code { background: #fff; padding: 1px 5px; border-radius: 4px; }
  .phone { width: 390px; height: 780px; max-height: calc(100vh - 32px); background: var(--bg); border-radius: 36px;
           box-shadow: 0 20px 60px rgba(60, 40, 120, .25), 0 0 0 10px #1c1b22; display: flex; flex-direction: column; overflow: hidden; position: relative; }
  header { background: var(--viber); color: #fff; padding: 18px 16px 12px; display: flex; align-items: center; gap: 12px; }
  .avatar { width: 40px; height: 40px; border-radius: 50%; background: #fff; color: var(--viber); font-weight: 700;
            display: flex; align-items: center; justify-content: center; }
  header .who { flex: 1; }
  header .title { font-weight: 600; }
  header .subtitle { font-size: 12px; opacity: .85; }
  header button { background: rgba(255,255,255,.18); color: #fff; border: 0; border-radius: 14px; padding: 5px 10px; font-size: 12px; cursor: pointer; }
  #chat { flex: 1; overflow-y: auto; padding: 14px 12px; display: flex; flex-direction: column; gap: 6px; }
  .msg { max-width: 82%; padding: 8px 11px; border-radius: 16px; white-space: pre-wrap; word-wrap: break-word; box-shadow: 0 1px 1px rgba(0,0,0,.06); }
  .msg.bot { align-self: flex-start; background: var(--bubble-bot); border-bottom-left-radius: 4px; }
  .msg.me { align-self: flex-end; background: var(--bubble-me); border-bottom-right-radius: 4px; }
  .msg .time { display: block; text-align: right; font-size: 11px; color: var(--muted); margin-top: 2px; }
  .msg img { display: block; max-width: 100%; border-radius: 10px; margin-bottom: 4px; }
  .msg a { color: var(--viber); }
  .note { align-self: center; font-size: 12px; color: var(--muted); background: rgba(255,255,255,.7); padding: 3px 10px; border-radius: 10px; }
  .note.error { color: #a8071a; background: #fff1f0; }
  #keyboard { display: grid; grid-template-columns: repeat(6, 1fr); gap: 6px; padding: 8px; background: #dcd7f5; }
  #keyboard:empty { display: none; }
  #keyboard button { border: 0; border-radius: 10px; background: #fff; color: var(--viber-dark); font-size: 14px; padding: 10px 6px; cursor: pointer; min-height: 42px; }
  #keyboard button:hover { background: #f4f1ff; }
  #keyboard button.link::after { content: " ↗"; }
  form.composer { display: flex; gap: 6px; padding: 8px; background: #fff; align-items: center; }
  form.composer input { flex: 1; border: 1px solid #d8d8e3; border-radius: 20px; padding: 10px 14px; font: inherit; outline: none; }
  form.composer input:focus { border-color: var(--viber); }
  .icon { width: 38px; height: 38px; border-radius: 50%; border: 0; background: #f1effc; cursor: pointer; font-size: 18px; }
  .send { background: var(--viber); color: #fff; }
  .overlay { position: absolute; inset: 0; background: rgba(28, 20, 60, .55); display: flex; align-items: center; justify-content: center; z-index: 2; }
  .overlay form { background: #fff; border-radius: 18px; padding: 22px; width: 300px; }
  .overlay h2 { margin: 0 0 6px; font-size: 18px; }
  .overlay p { margin: 0 0 12px; color: var(--muted); font-size: 13px; }
  .overlay input { width: 100%; padding: 10px 12px; border: 1px solid #d8d8e3; border-radius: 10px; font: inherit; margin-bottom: 12px; }
  .overlay button { width: 100%; padding: 11px; border: 0; border-radius: 10px; background: var(--viber); color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
  .hidden { display: none !important; }
  @media (max-width: 760px) { .intro { display: none; } .phone { width: 100vw; height: 100vh; max-height: none; border-radius: 0; box-shadow: none; } body { display: block; } }
</style>
</head>
<body>
<section class="intro">
  <h1>Viber simulator</h1>
  <p>Ovdje igrate građanina koji piše Opštini Budva na Viberu. Poruke idu u pravi gateway, potpisane kao od Vibera.</p>
  <p>Here you play a citizen writing to the Municipality of Budva on Viber. Messages reach the real gateway, signed as Viber signs them.</p>
  <p>Probajte / try: <code>pomoć</code>, <code>radno vrijeme</code>, <code>help</code>.</p>
</section>
<main class="phone">
  <header>
    <div class="avatar">OB</div>
    <div class="who"><div class="title">Opština Budva</div><div class="subtitle" id="status">povezivanje… / connecting…</div></div>
    <button id="subscription" type="button" title="Pretplata / Subscription">Odjavi se</button>
    <button id="reset" type="button" title="Novi građanin / New citizen">↺</button>
  </header>
  <div id="chat" aria-live="polite"></div>
  <div id="keyboard"></div>
  <form class="composer" id="composer">
    <button class="icon" type="button" id="send-location" title="Pošalji lokaciju / Send location">📍</button>
    <button class="icon" type="button" id="send-picture" title="Pošalji sliku (URL) / Send picture (URL)">🖼️</button>
    <input id="text" autocomplete="off" placeholder="Napišite poruku… / Type a message…" maxlength="7000">
    <button class="icon send" type="submit" title="Pošalji / Send">➤</button>
  </form>
  <div class="overlay" id="welcome">
    <form id="name-form">
      <h2>Dobro došli · Welcome</h2>
      <p>Kako se zovete? Ime vidi i operater. · What is your name? The operator sees it too.</p>
      <input id="name" value="Građanin" maxlength="60" required>
      <button type="submit">Otvori chat · Open chat</button>
    </form>
  </div>
</main>
<script src="/simulator.js"></script>
</body>
</html>
`;

/** The page's script, served at /simulator.js: the page runs no inline script (see SIMULATOR_CSP). */
export const SIMULATOR_SCRIPT_JS = String.raw`(function () {
  'use strict';
  var store = window.sessionStorage;
  var session = store.getItem('cd-session');
  if (!session) { session = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2)); store.setItem('cd-session', session); }
  var name = store.getItem('cd-name');
  var language = (navigator.language || 'sr').slice(0, 16);
  var subscribed = false;
  var $ = function (id) { return document.getElementById(id); };
  var chat = $('chat'), keyboard = $('keyboard'), textInput = $('text');

  function time() { var d = new Date(); return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0'); }
  function scroll() { chat.scrollTop = chat.scrollHeight; }
  function note(text, isError) {
    var el = document.createElement('div'); el.className = 'note' + (isError ? ' error' : ''); el.textContent = text; chat.appendChild(el); scroll();
  }
  function safeUrl(u) { return /^https?:\/\//i.test(u || '') ? u : null; }
  function bubble(who, build) {
    var el = document.createElement('div'); el.className = 'msg ' + who; build(el);
    var t = document.createElement('span'); t.className = 'time'; t.textContent = time(); el.appendChild(t);
    chat.appendChild(el); scroll();
  }
  function addText(el, text) { var s = document.createElement('span'); s.textContent = text; el.appendChild(s); }
  function addLink(el, href, label) {
    var a = document.createElement('a'); a.href = href; a.target = '_blank'; a.rel = 'noopener'; a.textContent = label || href; el.appendChild(a);
  }

  function showBotMessage(body) {
    if (!body || typeof body !== 'object') return;
    bubble('bot', function (el) {
      if (body.type === 'picture') {
        var src = safeUrl(body.media);
        if (src) { var img = document.createElement('img'); img.src = src; img.alt = body.text || ''; el.appendChild(img); }
        if (body.text) addText(el, body.text);
      } else if (body.type === 'url') {
        var href = safeUrl(body.media); if (href) addLink(el, href); else addText(el, body.media || '');
      } else if (body.type === 'location' && body.location) {
        var lat = body.location.lat, lon = body.location.lon;
        addText(el, '📍 ' + lat + ', ' + lon + '\n');
        addLink(el, 'https://www.openstreetmap.org/?mlat=' + lat + '&mlon=' + lon + '#map=17/' + lat + '/' + lon, 'Otvori mapu / Open map');
      } else {
        addText(el, body.text || '[' + body.type + ']');
      }
    });
    showKeyboard(body.keyboard);
  }

  function showKeyboard(kb) {
    keyboard.innerHTML = '';
    $('composer').classList.toggle('hidden', !!(kb && kb.InputFieldState === 'hidden'));
    if (!kb || !Array.isArray(kb.Buttons)) return;
    kb.Buttons.forEach(function (b) {
      var btn = document.createElement('button'); btn.type = 'button';
      btn.textContent = b.Text || b.ActionBody;
      btn.style.gridColumn = 'span ' + Math.min(6, Math.max(1, b.Columns || 6));
      if ((b.Rows || 1) > 1) btn.style.minHeight = '90px';
      if (b.ActionType === 'open-url') btn.className = 'link';
      btn.addEventListener('click', function () { tap(b); });
      keyboard.appendChild(btn);
    });
  }

  function tap(b) {
    if (b.ActionType === 'open-url') {
      var href = safeUrl(b.ActionBody); if (href) window.open(href, '_blank', 'noopener');
    } else if (b.ActionType === 'location-picker') {
      sendLocation();
    } else if (b.ActionType === 'share-phone') {
      send({ type: 'contact', name: name, phone_number: '+38267000000' }, '📞 ' + name + ' · +382 67 000 000');
    } else {
      // Viber sends ActionBody as the text; a silent tap is not shown in the chat.
      send({ type: 'text', text: b.ActionBody }, b.Silent ? null : b.ActionBody, b.Silent ? (b.Text || b.ActionBody) : null);
    }
  }

  function post(path, payload) {
    payload.session = session; payload.name = name; payload.language = language;
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) })
      .then(function (r) { return r.json(); });
  }

  function reportGateway(status) {
    if (status !== 200) note('Gateway je odgovorio ' + status + ' · Gateway answered ' + status + (status === 502 ? ' (nije pokrenut? / not running?)' : ''), true);
  }

  function send(message, shownText, tapLabel) {
    if (shownText) bubble('me', function (el) { addText(el, shownText); });
    if (tapLabel) note('➜ ' + tapLabel);
    return post('/api/send', { message: message }).then(function (r) {
      reportGateway(r.gatewayStatus);
      if (r.gatewayStatus === 200 && !subscribed) { subscribed = true; renderSubscription(); }
    }).catch(function () { note('Simulator nije dostupan · Simulator unreachable', true); });
  }

  function sendLocation() {
    // Around the Old Town of Budva, so reports land somewhere plausible.
    var lat = +(42.2778 + (Math.random() - 0.5) * 0.004).toFixed(5), lon = +(18.8375 + (Math.random() - 0.5) * 0.004).toFixed(5);
    send({ type: 'location', lat: lat, lon: lon, address: 'Stari grad, Budva' }, '📍 ' + lat + ', ' + lon);
  }

  function renderSubscription() { $('subscription').textContent = subscribed ? 'Odjavi se' : 'Prijavi se'; }

  function connect() {
    var events = new EventSource('/events?session=' + encodeURIComponent(session));
    events.addEventListener('ready', function () { $('status').textContent = 'na mreži / online'; });
    events.addEventListener('message', function (e) { try { showBotMessage(JSON.parse(e.data).body); } catch (err) { /* ignore */ } });
    events.onerror = function () { $('status').textContent = 'ponovno povezivanje… / reconnecting…'; };
  }

  function start() {
    $('welcome').classList.add('hidden');
    connect();
    post('/api/open', {}).then(function (r) {
      subscribed = !!r.subscribed; renderSubscription();
      reportGateway(r.gatewayStatus);
      if (r.welcome) showBotMessage(r.welcome);
    }).catch(function () { note('Simulator nije dostupan · Simulator unreachable', true); });
    textInput.focus();
  }

  $('composer').addEventListener('submit', function (e) {
    e.preventDefault();
    var text = textInput.value.trim(); if (!text) return;
    textInput.value = '';
    send({ type: 'text', text: text }, text);
  });
  $('send-location').addEventListener('click', sendLocation);
  $('send-picture').addEventListener('click', function () {
    var url = window.prompt('URL slike · Picture URL', 'https://upload.wikimedia.org/wikipedia/commons/3/3b/Budva_Old_Town.jpg');
    if (safeUrl(url)) send({ type: 'picture', media: url }, '🖼️ ' + url);
  });
  $('subscription').addEventListener('click', function () {
    post('/api/subscription', { subscribed: !subscribed }).then(function (r) {
      subscribed = r.subscribed; renderSubscription(); reportGateway(r.gatewayStatus);
      note(subscribed ? 'Prijavljeni ste na obavještenja · Subscribed' : 'Odjavljeni ste · Unsubscribed');
    });
  });
  $('reset').addEventListener('click', function () { store.clear(); window.location.reload(); });
  $('name-form').addEventListener('submit', function (e) {
    e.preventDefault();
    name = $('name').value.trim() || 'Građanin'; store.setItem('cd-name', name); start();
  });
  if (name) start(); else $('name').select();
})();
`;

/** Only this origin's scripts, none inline; no framing. */
export const SIMULATOR_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'unsafe-inline'",
  "img-src 'self' https: http: data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
