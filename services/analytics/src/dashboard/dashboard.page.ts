/**
 * The officials' dashboard: one self-contained page (no CDN: the servers may have no internet), charts
 * drawn as inline SVG by plain JavaScript. It signs in through this service's /dashboard/login (which
 * forwards to the handoff's /auth/login) or takes a pasted token, keeps the token in sessionStorage and
 * reads the guarded /analytics routes with it.
 */
export function dashboardPage(settings: { timeZone: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Citizen Desk — analytics</title>
<style>
:root{--ink:#1d2733;--muted:#66717e;--line:#e3e7ec;--bg:#f4f6f8;--card:#fff;--accent:#0b5cad;--ok:#1e8a4c;--warn:#c77700;--bad:#c0392b}
*{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{display:flex;align-items:center;gap:16px;padding:12px 20px;background:#0b3a66;color:#fff}
header h1{font-size:18px;margin:0;font-weight:600}header .tz{opacity:.8;font-size:12px}header .spacer{flex:1}
header select,header input,header button{font:inherit;padding:5px 8px;border-radius:4px;border:1px solid #8fb0d0}
header button{background:#fff;color:#0b3a66;cursor:pointer}
main{padding:16px 20px;display:grid;grid-template-columns:repeat(12,1fr);gap:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;min-width:0}
.card h2{font-size:14px;margin:0 0 8px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.kpi{grid-column:span 3}.kpi .v{font-size:28px;font-weight:650}.kpi .s{color:var(--muted);font-size:12px}
.w8{grid-column:span 8}.w4{grid-column:span 4}.w6{grid-column:span 6}.w12{grid-column:span 12}
svg{width:100%;height:auto;display:block}td svg{width:124px}svg text{font-size:10px;fill:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:4px 12px;font-size:12px;margin-top:6px}.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
table{width:100%;border-collapse:collapse;font-size:13px}td,th{padding:4px 6px;border-bottom:1px solid var(--line);text-align:left}td.n,th.n{text-align:right}
.empty{color:var(--muted);font-style:italic;padding:20px 0;text-align:center}
#login{max-width:380px;margin:60px auto;background:#fff;border:1px solid var(--line);border-radius:8px;padding:20px}
#login label{display:block;margin:10px 0 4px;color:var(--muted)}#login input,#login textarea{width:100%;font:inherit;padding:7px;border:1px solid var(--line);border-radius:4px}
#login button{margin-top:14px;padding:8px 14px;background:var(--accent);color:#fff;border:0;border-radius:4px;font:inherit;cursor:pointer}
#login .or{margin:16px 0 0;color:var(--muted);text-align:center}.error{color:var(--bad);margin-top:10px;min-height:1em}
#status{font-size:12px;opacity:.85}
@media (max-width:900px){.kpi{grid-column:span 6}.w8,.w4,.w6{grid-column:span 12}}
</style></head>
<body>
<header><h1>Citizen Desk · Analytics</h1><span class="tz">Times in ${escapeHtml(settings.timeZone)}</span><span class="spacer"></span>
<span id="controls" hidden>
<select id="range" aria-label="range"><option value="24h">Last 24 hours (by hour)</option><option value="7d" selected>Last 7 days (by day)</option><option value="30d">Last 30 days (by day)</option><option value="12w">Last 12 weeks (by week)</option></select>
<select id="department" aria-label="department"><option value="">All departments</option></select>
<button id="refresh">Refresh</button><button id="logout">Sign out</button></span>
<span id="status"></span></header>
<section id="login" hidden>
<form id="login-form"><h2 style="margin-top:0">Sign in</h2>
<label for="email">Email</label><input id="email" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>
<form id="token-form"><p class="or">or paste a staff token</p><textarea id="token" rows="3" aria-label="staff token"></textarea><button type="submit">Use token</button></form>
<div class="error" id="login-error" role="alert"></div></section>
<main id="dashboard" hidden>
<div class="card kpi"><h2>Questions</h2><div class="v" id="kpi-questions">–</div><div class="s">in the range</div></div>
<div class="card kpi"><h2>Answered by the bot</h2><div class="v" id="kpi-answered">–</div><div class="s" id="kpi-answered-detail"></div></div>
<div class="card kpi"><h2>Subscribers</h2><div class="v" id="kpi-subscribers">–</div><div class="s" id="kpi-subscribers-detail"></div></div>
<div class="card kpi"><h2>New citizens</h2><div class="v" id="kpi-new">–</div><div class="s">in the range</div></div>
<div class="card w8"><h2>Questions by topic</h2><div id="chart-topics"></div></div>
<div class="card w4"><h2>Answered share</h2><div id="chart-share"></div></div>
<div class="card w6"><h2>Operator response times</h2><div id="chart-operators"></div></div>
<div class="card w6"><h2>Campaign funnels</h2><div id="chart-campaigns"></div></div>
<div class="card w8"><h2>Not understood</h2><div id="not-understood"></div></div>
<div class="card w4"><h2>Launch report</h2><div id="launch"></div></div>
<div class="card w12"><h2>Reports by category</h2><div id="reports"></div></div>
</main>
<script src="/dashboard/dashboard.js"></script></body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** The dashboard's script, served at /dashboard/dashboard.js: the page runs no inline script (see its CSP). */
export const DASHBOARD_SCRIPT_JS = `(function(){
'use strict';
// ?refresh=<seconds> for a wall screen that should move faster (default 30 s).
var REFRESH_MS = Math.max(1, Number(new URLSearchParams(location.search).get('refresh')) || 30) * 1000;
var COLORS = ['#0b5cad','#1e8a4c','#c77700','#8e44ad','#c0392b','#16a085','#d35400','#2c3e50','#7f8c8d','#b8860b'];
var $ = function(id){ return document.getElementById(id); };
var token = sessionStorage.getItem('cd-staff-token');
var timer = null;
function esc(s){ return String(s == null ? '' : s).replace(/[&<>"']/g, function(c){ return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]; }); }
function show(signedIn){ $('login').hidden = signedIn; $('dashboard').hidden = !signedIn; $('controls').hidden = !signedIn; }
function rangeQuery(){
  var now = new Date(), v = $('range').value, from, bucket;
  if (v === '24h') { from = new Date(now - 864e5); bucket = 'hour'; }
  else if (v === '30d') { from = new Date(now - 30 * 864e5); bucket = 'day'; }
  else if (v === '12w') { from = new Date(now - 84 * 864e5); bucket = 'week'; }
  else { from = new Date(now - 7 * 864e5); bucket = 'day'; }
  return 'from=' + encodeURIComponent(from.toISOString()) + '&to=' + encodeURIComponent(now.toISOString()) + '&bucket=' + bucket;
}
function get(path){
  return fetch(path, { headers: { authorization: 'Bearer ' + token, accept: 'application/json' } }).then(function(r){
    if (r.status === 401) { signOut('Your session ended; sign in again.'); throw new Error('unauthorised'); }
    if (r.status === 403) { signOut('This needs the official role.'); throw new Error('forbidden'); }
    if (!r.ok) throw new Error(path + ': ' + r.status);
    return r.json();
  });
}
function label(row, bucket){ var l = row.local || row.start; return bucket === 'hour' ? l.slice(11, 16) : l.slice(5, 10); }
function svg(w, h, body){ return '<svg viewBox="0 0 ' + w + ' ' + h + '" role="img">' + body + '</svg>'; }
function empty(text){ return '<div class="empty">' + esc(text) + '</div>'; }
function legend(items){ return '<div class="legend">' + items.map(function(it){ return '<span><i style="background:' + it[1] + '"></i>' + esc(it[0]) + '</span>'; }).join('') + '</div>'; }
function axisY(max, x0, y0, h, w){ var out = ''; for (var i = 0; i <= 4; i++) { var v = max * i / 4, y = y0 - h * i / 4; out += '<line x1="' + x0 + '" x2="' + (x0 + w) + '" y1="' + y + '" y2="' + y + '" stroke="#e3e7ec"/><text x="' + (x0 - 4) + '" y="' + (y + 3) + '" text-anchor="end">' + (Math.round(v * 10) / 10) + '</text>'; } return out; }

function drawTopics(data){
  var starts = [], byStart = {}, topics = data.topics.slice(0, 8).map(function(t){ return t.topic; });
  data.rows.forEach(function(r){ if (!byStart[r.start]) { byStart[r.start] = { row: r, v: {} }; starts.push(r.start); } var t = topics.indexOf(r.topic) >= 0 ? r.topic : 'other'; byStart[r.start].v[t] = (byStart[r.start].v[t] || 0) + r.questions; });
  if (!starts.length) return $('chart-topics').innerHTML = empty('No questions in this range.');
  if (data.topics.length > 8) topics.push('other');
  var W = 640, H = 240, x0 = 36, y0 = 210, h = 190, w = W - x0 - 8, max = 1;
  starts.forEach(function(s){ var t = 0; topics.forEach(function(k){ t += byStart[s].v[k] || 0; }); max = Math.max(max, t); });
  var bw = w / starts.length, barW = Math.min(bw * 0.76, 48), body = axisY(max, x0, y0, h, w), every = Math.ceil(starts.length / 12);
  starts.forEach(function(s, i){ var y = y0; topics.forEach(function(k, j){ var v = byStart[s].v[k] || 0; if (!v) return; var bh = h * v / max; y -= bh; body += '<rect x="' + (x0 + i * bw + (bw - barW) / 2) + '" y="' + y + '" width="' + barW + '" height="' + bh + '" fill="' + COLORS[j % COLORS.length] + '"><title>' + esc(k) + ': ' + v + '</title></rect>'; });
    if (i % every === 0) body += '<text x="' + (x0 + i * bw + bw / 2) + '" y="' + (y0 + 14) + '" text-anchor="middle">' + esc(label(byStart[s].row, data.bucket)) + '</text>'; });
  $('chart-topics').innerHTML = svg(W, H, body) + legend(topics.map(function(k, j){ return [k, COLORS[j % COLORS.length]]; }));
}
function drawShare(data){
  var t = data.total;
  $('kpi-questions').textContent = t.questions;
  $('kpi-answered').textContent = Math.round(t.answeredShare * 100) + ' %';
  $('kpi-answered-detail').textContent = t.answered + ' answered · ' + t.handoff + ' to an operator · ' + t.notUnderstood + ' not understood';
  if (!data.rows.length) return $('chart-share').innerHTML = empty('No questions in this range.');
  var W = 320, H = 240, x0 = 30, y0 = 210, h = 190, w = W - x0 - 8, n = data.rows.length, body = axisY(100, x0, y0, h, w);
  var xs = function(i){ return x0 + (n === 1 ? w / 2 : w * i / (n - 1)); };
  [['answeredShare', COLORS[1]], ['handoffShare', COLORS[2]], ['notUnderstoodShare', COLORS[4]]].forEach(function(s){
    var pts = data.rows.map(function(r, i){ return xs(i) + ',' + (y0 - h * r[s[0]]); }).join(' ');
    body += '<polyline fill="none" stroke="' + s[1] + '" stroke-width="2" points="' + pts + '"/>';
    data.rows.forEach(function(r, i){ body += '<circle cx="' + xs(i) + '" cy="' + (y0 - h * r[s[0]]) + '" r="2.5" fill="' + s[1] + '"><title>' + esc(label(r, data.bucket)) + ': ' + Math.round(r[s[0]] * 100) + ' %</title></circle>'; });
  });
  $('chart-share').innerHTML = svg(W, H, body) + legend([['answered %', COLORS[1]], ['to an operator %', COLORS[2]], ['not understood %', COLORS[4]]]);
}
function drawOperators(data){
  var by = {};
  data.rows.forEach(function(r){ if (!r.operator) return; var k = (r.operatorName || r.operator) + ' · ' + r.department; var a = by[k] || (by[k] = { n: 0, s: 0, wn: 0, ws: 0 }); if (r.firstReplies) { a.n += r.firstReplies; a.s += r.averageFirstReplySeconds * r.firstReplies; } if (r.assigned) { a.wn += r.assigned; a.ws += r.averageWaitSeconds * r.assigned; } });
  var keys = Object.keys(by); if (!keys.length) return $('chart-operators').innerHTML = empty('No operator sessions in this range.');
  var rows = keys.map(function(k){ return { k: k, reply: by[k].n ? by[k].s / by[k].n : 0, wait: by[k].wn ? by[k].ws / by[k].wn : 0 }; }).sort(function(a, b){ return b.reply - a.reply; }).slice(0, 10);
  var max = Math.max.apply(null, rows.map(function(r){ return Math.max(r.reply, r.wait, 1); })), W = 520, rowH = 26, x0 = 230, w = W - x0 - 80, body = '';
  rows.forEach(function(r, i){ var y = 6 + i * rowH; body += '<text x="' + (x0 - 6) + '" y="' + (y + 13) + '" text-anchor="end">' + esc(r.k.slice(0, 44)) + '</text>' +
    '<rect x="' + x0 + '" y="' + y + '" width="' + (w * r.wait / max) + '" height="9" fill="' + COLORS[0] + '"/>' +
    '<rect x="' + x0 + '" y="' + (y + 10) + '" width="' + (w * r.reply / max) + '" height="9" fill="' + COLORS[2] + '"/>' +
    '<text x="' + (x0 + w * Math.max(r.reply, r.wait) / max + 4) + '" y="' + (y + 13) + '">' + fmtSec(r.wait) + ' / ' + fmtSec(r.reply) + '</text>'; });
  $('chart-operators').innerHTML = svg(W, rows.length * rowH + 10, body) + legend([['average wait until taken', COLORS[0]], ['average time to first reply', COLORS[2]]]);
}
function fmtSec(s){ return s < 120 ? Math.round(s) + ' s' : Math.round(s / 60) + ' min'; }
function drawCampaigns(data){
  if (!data.rows.length) return $('chart-campaigns').innerHTML = empty('No campaigns in this range.');
  var stages = [['targeted', COLORS[7]], ['sent', COLORS[0]], ['delivered', COLORS[5]], ['seen', COLORS[1]], ['failed', COLORS[4]], ['unsubscribedAfter', COLORS[2]]];
  var rows = data.rows.slice(0, 6), W = 480, rowH = 70, x0 = 10, w = W - 80, body = '';
  rows.forEach(function(c, i){ var y = i * rowH, max = Math.max(c.targeted, c.sent, 1);
    body += '<text x="' + x0 + '" y="' + (y + 11) + '" style="fill:#1d2733;font-weight:600">' + esc((c.title || c.campaignId).slice(0, 60)) + '</text>';
    stages.forEach(function(s, j){ var v = c[s[0]] || 0, bw = w * v / max, yy = y + 16 + j * 8.5; body += '<rect x="' + x0 + '" y="' + yy + '" width="' + Math.max(bw, 1) + '" height="7" fill="' + s[1] + '"><title>' + s[0] + ': ' + v + '</title></rect><text x="' + (x0 + Math.max(bw, 1) + 4) + '" y="' + (yy + 7) + '">' + v + '</text>'; });
  });
  $('chart-campaigns').innerHTML = svg(W, rows.length * rowH, body) + legend(stages.map(function(s){ return [s[0] === 'unsubscribedAfter' ? 'unsubscribed after' : s[0], s[1]]; }));
}
function drawNotUnderstood(data){
  if (!data.rows.length) return $('not-understood').innerHTML = empty('Nothing the bot did not understand in this range.');
  $('not-understood').innerHTML = '<table><thead><tr><th>Question (normalised)</th><th class="n">Times asked</th></tr></thead><tbody>' +
    data.rows.slice(0, 15).map(function(r){ return '<tr><td>' + esc(r.text) + '</td><td class="n">' + r.count + '</td></tr>'; }).join('') + '</tbody></table>';
}
function drawSubscribers(data){
  var last = data.rows.length ? data.rows[data.rows.length - 1].subscribers : data.subscribersBefore, sub = 0, unsub = 0, fresh = 0;
  data.rows.forEach(function(r){ sub += r.subscribed; unsub += r.unsubscribed; fresh += r.newCitizens; });
  $('kpi-subscribers').textContent = last; $('kpi-subscribers-detail').textContent = '+' + sub + ' / −' + unsub + ' in the range'; $('kpi-new').textContent = fresh;
}
function drawLaunch(data){ $('launch').innerHTML = data.launchAt ? '<p id="launch-summary">' + esc(data.summary) + '</p><p class="s" style="color:#66717e">Launch: ' + esc(data.launchAtLocal) + '</p>' : empty(data.summary); }
// Filed: in the chosen range, by the category filed under. Status columns: every report now, where it is now.
var REPORT_COLUMNS = [['open', 'Open'], ['received', 'Received'], ['in-progress', 'In progress'], ['resolved', 'Resolved'], ['not-our-responsibility', 'Not ours'], ['duplicate', 'Duplicate']];
function drawReports(data){
  var filed = {}, now = {}, cats = [];
  data.filedByCategory.forEach(function(c){ filed[c.category] = c.filed; cats.push(c.category); });
  data.statusNow.forEach(function(r){ now[r.category] = r; if (cats.indexOf(r.category) < 0) cats.push(r.category); });
  if (!cats.length) return $('reports').innerHTML = empty('No reports.');
  var maxOpen = 1; cats.forEach(function(c){ maxOpen = Math.max(maxOpen, (now[c] || {}).open || 0); });
  $('reports').innerHTML = '<table><thead><tr><th>Category</th><th class="n">Filed in range</th>' + REPORT_COLUMNS.map(function(c){ return '<th class="n">' + esc(c[1]) + ' now</th>'; }).join('') + '<th></th></tr></thead><tbody>' +
    cats.map(function(c){ var r = now[c] || {}, bar = 120 * (r.open || 0) / maxOpen;
      return '<tr data-category="' + esc(c) + '"><td>' + esc(c) + '</td><td class="n">' + (filed[c] || 0) + '</td>' + REPORT_COLUMNS.map(function(k){ return '<td class="n">' + (r[k[0]] || 0) + '</td>'; }).join('') +
        '<td>' + svg(124, 10, '<rect x="0" y="1" width="' + Math.max(bar, 0) + '" height="8" fill="' + COLORS[2] + '"><title>open: ' + (r.open || 0) + '</title></rect>') + '</td></tr>'; }).join('') +
    '</tbody></table><div class="legend">Filed in the chosen range; the other columns count every report by where it stands now (open = received + in progress).</div>';
}
function fillDepartments(handoff){
  var sel = $('department'), have = {}; Array.prototype.forEach.call(sel.options, function(o){ have[o.value] = 1; });
  handoff.rows.forEach(function(r){ if (!have[r.department]) { have[r.department] = 1; var o = document.createElement('option'); o.value = o.textContent = r.department; sel.appendChild(o); } });
}
function refresh(){
  if (!token) return;
  var q = rangeQuery(), dep = $('department').value, dq = dep ? '&department=' + encodeURIComponent(dep) : '';
  $('status').textContent = 'Loading…';
  return Promise.all([get('/analytics/topics?' + q), get('/analytics/answered-share?' + q), get('/analytics/handoff?' + q + dq), get('/analytics/campaigns?' + q + dq),
    get('/analytics/not-understood?' + q + '&limit=15'), get('/analytics/subscribers?' + q), get('/analytics/launch-report'), dep ? get('/analytics/handoff?' + q) : null, get('/analytics/reports?' + q + dq)])
  .then(function(r){ drawTopics(r[0]); drawShare(r[1]); drawOperators(r[2]); drawCampaigns(r[3]); drawNotUnderstood(r[4]); drawSubscribers(r[5]); drawLaunch(r[6]); fillDepartments(r[7] || r[2]); fillDepartments(r[8]); drawReports(r[8]);
    $('status').textContent = 'Updated ' + new Date().toLocaleTimeString(); document.body.setAttribute('data-loaded', String(Date.now())); })
  .catch(function(e){ $('status').textContent = 'Could not load: ' + e.message; });
}
function start(){ show(true); refresh(); clearInterval(timer); timer = setInterval(refresh, REFRESH_MS); }
function signOut(message){ token = null; sessionStorage.removeItem('cd-staff-token'); clearInterval(timer); show(false); $('login-error').textContent = message || ''; }
$('login-form').addEventListener('submit', function(ev){ ev.preventDefault(); $('login-error').textContent = '';
  fetch('/dashboard/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: $('email').value, password: $('password').value }) })
  .then(function(r){ return r.json().then(function(b){ if (!r.ok || !b.token) throw new Error(b.message || 'Sign-in failed'); token = b.token; sessionStorage.setItem('cd-staff-token', token); start(); }); })
  .catch(function(e){ $('login-error').textContent = e.message; }); });
$('token-form').addEventListener('submit', function(ev){ ev.preventDefault(); token = $('token').value.trim(); if (!token) return; sessionStorage.setItem('cd-staff-token', token); start(); });
$('range').addEventListener('change', refresh); $('department').addEventListener('change', refresh); $('refresh').addEventListener('click', refresh);
$('logout').addEventListener('click', function(){ signOut(''); });
if (token) start(); else show(false);
})();
`;
