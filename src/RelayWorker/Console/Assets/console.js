// RelayWorker status page. The server renders the table; this script keeps it live from /console/feed
// (server-sent events: no polling, no reload), shows /api/events, and adds per-route details, run history,
// thumbnails and, with a token, the control buttons. Plain browser JavaScript, no build step, no dependencies.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const rows = $("route-rows");
  const routes = new Map();      // name -> the /api/routes DTO
  const cellCache = new Map();   // name -> the cells' HTML last written, so unchanged cells are not touched
  const open = new Set();        // names whose details are expanded
  const noThumb = new Map();     // name -> time until which the thumbnail is not asked for again
  const flashTimers = new Map(); // name -> timer that unmarks a row that just changed
  const runsState = new Map();   // name -> { restarts, html }
  let runsAvailable = true;      // false once the worker answered 404 for a known route: no run history there
  let filterText = "";
  let problemsOnly = false;
  const tokenKey = "relayworker.token";

  const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const num = (v, digits) => (v === null || v === undefined ? "–" : Number(v).toFixed(digits));
  const duration = (s) => {
    if (!s || s <= 0) return "–";
    s = Math.floor(s);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}` : `${m}:${String(sec).padStart(2, "0")}`;
  };
  const clock = (iso) => new Date(iso).toTimeString().slice(0, 8);
  const token = () => sessionStorage.getItem(tokenKey) || "";
  // A continuous route on its slate streams the card, but no source delivers: as /healthz/ready, a problem.
  const problem = (r) => (!r.streaming && r.state !== "Disabled") || r.activeSource === "slate";

  function toast(text) {
    const t = $("toast");
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
  }

  // ---- cells: the same markup the server renders (ConsolePage.cs) ----
  function cells(r) {
    const p = r.progress || {};
    const live = r.streaming;
    const thumbUntil = noThumb.get(r.name) || 0;
    const thumb = Date.now() < thumbUntil || r.state === "Disabled" ? "" :
      `<img class="thumb" alt="" loading="lazy" data-thumb="${esc(r.name)}" src="/api/routes/${encodeURIComponent(r.name)}/thumbnail?t=${Math.floor(Date.now() / 10000)}">`;
    const reasons = Object.entries(r.restartsByReason || {}).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${esc(k)} ${n}`).join(" · ");
    const dests = (r.destinations || []).map((url, i) => {
      const d = (r.destinationStatus || [])[i];
      const state = d ? d.state : "Disabled";
      const why = d && d.cause ? ` · ${esc(d.cause)} ×${d.failures}` : "";
      return `<li class="dest d-${state.toLowerCase()}" title="${esc((d && d.lastError) || state)}"><span class="dot"></span>` +
        `<span class="idx">${i}</span><span class="url">${esc(url)}</span><span class="dstate">${state}${why}</span></li>`;
    }).join("");
    const source = sourceCell(r);
    return [
      `<td class="c-route"><span class="name">${thumb}${esc(r.name)}</span><span class="sub">${esc(r.profile)}</span></td>`,
      `<td class="c-state"><span class="badge s-${r.state.toLowerCase()}">${r.state}</span>${r.stateReason ? `<span class="sub">${esc(r.stateReason)}</span>` : ""}</td>`,
      `<td class="c-source">${source}</td>`,
      `<td class="c-dest"><ul class="dests">${dests}</ul></td>`,
      `<td class="c-num">${duration(r.uptimeSeconds)}</td>`,
      `<td class="c-num">${live && p.fps != null ? num(p.fps, p.fps % 1 ? 1 : 0) : "–"}</td>`,
      `<td class="c-num">${live && p.bitrateKbps != null ? num(p.bitrateKbps, 0) : "–"}</td>`,
      `<td class="c-num">${live && p.speed != null ? num(p.speed, 2) + "x" : "–"}</td>`,
      `<td class="c-restarts"><b>${r.restarts}</b>${reasons ? `<span class="sub">${reasons}</span>` : ""}</td>`,
      `<td class="c-error"><span class="err" title="${esc(r.lastError)}">${esc(r.lastError)}</span></td>`,
    ];
  }

  // A continuous route: a badge naming the input on air above the URL it reads (ConsolePage.SourceCell).
  const sourceKind = (active) => active == null ? "none" : active === "slate" ? "slate" : active === "primary" ? "primary" : "backup";
  function sourceCell(r) {
    if (!r.continuous) return `<span class="url" title="${esc(r.source)}">${esc(r.source)}</span>`;
    const active = r.activeSource ?? null;
    const input = ((r.sources || []).find((s) => s.name === active) || {}).input ?? r.source;
    return `<span class="src src-${sourceKind(active)}" data-active-source="${esc(active ?? "")}" title="input on air">${esc(active ?? "no input yet")}</span>` +
      `<span class="url" title="${esc(input)}">${esc(input)}</span>`;
  }

  // A continuous route's inputs in priority order, the one on air marked; nothing for a plain route.
  function inputsTable(r) {
    if (!r.continuous) return "";
    return `<table class="runs inputs"><thead><tr><th>Input</th><th>Reads</th><th>State</th><th>Restarts</th><th>Last error</th></tr></thead><tbody>` +
      (r.sources || []).map((s) => `<tr class="input i-${esc(s.state.toLowerCase())}${s.name === r.activeSource ? " on-air" : ""}" data-input="${esc(s.name)}">` +
        `<td>${esc(s.name)}${s.name === r.activeSource ? ` <span class="src src-${sourceKind(s.name)}">on air</span>` : ""}</td>` +
        `<td><span class="url" title="${esc(s.input)}">${esc(s.input)}</span></td><td>${esc(s.state)}</td><td>${s.restarts}</td>` +
        `<td><span class="err" title="${esc(s.lastError)}">${esc(s.lastError)}</span></td></tr>`).join("") + `</tbody></table>`;
  }

  function matches(r) {
    if (problemsOnly && !problem(r)) return false;
    if (!filterText) return true;
    const hay = [r.name, r.state, r.stateReason, r.source, r.activeSource, r.profile, r.lastError, ...(r.destinations || [])].join(" ").toLowerCase();
    return filterText.split(/\s+/).every((word) => hay.includes(word));
  }

  function rowFor(name) {
    return rows.querySelector(`tr.route[data-route="${CSS.escape(name)}"]`);
  }

  function update(r) {
    const previous = routes.get(r.name);
    routes.set(r.name, r);
    let tr = rowFor(r.name);
    if (!tr) {
      tr = document.createElement("tr");
      tr.className = "route";
      tr.dataset.route = r.name;
      cellCache.delete(r.name);
      const after = [...rows.querySelectorAll("tr.route")].find((row) => row.dataset.route.localeCompare(r.name) > 0);
      rows.insertBefore(tr, after ? after : null);
    } else if (!cellCache.has(r.name)) {
      tr.textContent = ""; // the server's row: replaced by cells this script owns
    }
    tr.dataset.state = r.state;
    tr.dataset.restarts = String(r.restarts);
    const html = cells(r);
    const cache = cellCache.get(r.name) || [];
    for (let i = 0; i < html.length; i++) {
      if (cache[i] === html[i]) continue;
      let td = tr.children[i];
      const holder = document.createElement("tbody");
      holder.innerHTML = `<tr>${html[i]}</tr>`;
      const fresh = holder.firstElementChild.firstElementChild;
      if (td) tr.replaceChild(fresh, td); else tr.appendChild(fresh);
    }
    cellCache.set(r.name, html);
    if (previous && (previous.state !== r.state || previous.restarts !== r.restarts)) {
      tr.classList.add("flash");
      clearTimeout(flashTimers.get(r.name));
      flashTimers.set(r.name, setTimeout(() => tr.classList.remove("flash"), 5000));
    }
    tr.classList.toggle("hide", !matches(r));
    if (open.has(r.name)) renderDetails(r);
  }

  function remove(name) {
    routes.delete(name);
    cellCache.delete(name);
    open.delete(name);
    rowFor(name)?.remove();
    detailsRow(name)?.remove();
  }

  function summarize() {
    const all = [...routes.values()];
    const streaming = all.filter((r) => r.streaming).length;
    const disabled = all.filter((r) => r.state === "Disabled").length;
    const bad = all.length - streaming - disabled;
    $("summary").innerHTML = `<b>${all.length}</b> routes · <b>${streaming}</b> streaming` +
      (bad > 0 ? ` · <b class="bad">${bad}</b> not streaming` : "") + (disabled > 0 ? ` · ${disabled} disabled` : "");
    $("empty").hidden = all.length > 0;
  }

  function applyFilter() {
    for (const r of routes.values()) {
      const hidden = !matches(r);
      rowFor(r.name)?.classList.toggle("hide", hidden);
      detailsRow(r.name)?.classList.toggle("hide", hidden);
    }
  }

  // ---- details: facts, thumbnail, controls, run history ----
  function detailsRow(name) {
    return rows.querySelector(`tr.details[data-for="${CSS.escape(name)}"]`);
  }

  function toggle(name) {
    if (open.has(name)) {
      open.delete(name);
      detailsRow(name)?.remove();
      rowFor(name)?.classList.remove("open");
      return;
    }
    open.add(name);
    rowFor(name)?.classList.add("open");
    renderDetails(routes.get(name));
  }

  function renderDetails(r) {
    if (!r) return;
    let tr = detailsRow(r.name);
    if (!tr) {
      tr = document.createElement("tr");
      tr.className = "details";
      tr.dataset.for = r.name;
      tr.innerHTML = `<td colspan="10"><div class="detail-grid"><div class="thumb-box"></div><div>
        <dl class="facts"></dl><div class="inputs-box"></div><div class="actions"></div><div class="runs-box"></div></div></div></td>`;
      rowFor(r.name).after(tr);
      loadThumb(r.name, tr);
    }
    const p = r.progress || {};
    const facts = [
      ["pid", r.pid ?? "–"], ["profile", r.profile],
      ["outputs", (r.outputs || []).map((o) => `${o.name}: ${o.video}; ${o.audio}`).join(" | ") || "–"],
      ["last exit code", r.lastExitCode ?? "–"], ["backoff", r.backoffSeconds != null ? `${num(r.backoffSeconds, 1)} s` : "–"],
      ["media time", p.outTimeSeconds != null ? duration(p.outTimeSeconds) : "–"], ["frames", p.frames ?? "–"],
      ["dup / drop", `${p.dupFrames ?? 0} / ${p.dropFrames ?? 0}`], ["written", p.outputBytes != null ? `${(p.outputBytes / 1048576).toFixed(1)} MiB` : "–"],
      ["last error", r.lastError || "–"],
    ];
    tr.querySelector(".facts").innerHTML = facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("");
    const inputs = inputsTable(r);
    const inputsBox = tr.querySelector(".inputs-box");
    if (inputsBox.dataset.html !== inputs) { inputsBox.innerHTML = inputs; inputsBox.dataset.html = inputs; }
    renderActions(r, tr.querySelector(".actions"));
    const known = runsState.get(r.name);
    if (!known || known.restarts !== r.restarts || known.state !== r.state) loadRuns(r, tr.querySelector(".runs-box"));
  }

  function loadThumb(name, tr) {
    const box = tr.querySelector(".thumb-box");
    const img = new Image();
    img.className = "big-thumb";
    img.alt = `current picture of ${name}`;
    img.onload = () => { box.replaceChildren(img); tr.querySelector(".detail-grid").classList.remove("no-thumb"); };
    img.onerror = () => { box.remove(); tr.querySelector(".detail-grid").classList.add("no-thumb"); };
    img.src = `/api/routes/${encodeURIComponent(name)}/thumbnail?t=${Date.now()}`;
  }

  function renderActions(r, box) {
    if (!token()) { box.innerHTML = ""; return; }
    const base = `/api/routes/${encodeURIComponent(r.name)}`;
    const disabled = r.state === "Disabled";
    const buttons = [
      `<button class="button" data-post="${base}/restart">Restart</button>`,
      disabled ? `<button class="button" data-post="${base}/enable">Enable</button>`
        : `<button class="button danger" data-post="${base}/disable">Disable</button>`,
      ...(r.destinations || []).map((_, i) => {
        const state = ((r.destinationStatus || [])[i] || {}).state;
        return state === "Disabled"
          ? `<button class="button" data-post="${base}/destinations/${i}/enable">Enable destination ${i}</button>`
          : `<button class="button" data-post="${base}/destinations/${i}/disable">Disable destination ${i}</button>`;
      }),
    ].join("");
    if (box.dataset.html !== buttons) { box.innerHTML = buttons; box.dataset.html = buttons; }
  }

  async function loadRuns(r, box) {
    runsState.set(r.name, { restarts: r.restarts, state: r.state });
    if (!runsAvailable) { box.innerHTML = ""; return; }
    try {
      const response = await fetch(`/api/routes/${encodeURIComponent(r.name)}/runs`, { headers: { Accept: "application/json" } });
      if (response.status === 404) { box.innerHTML = ""; if (routes.has(r.name)) runsAvailable = false; return; }
      if (!response.ok) { box.innerHTML = ""; return; }
      const body = await response.json();
      // The runs in progress, then the ended ones newest first, as the worker lists them: the run that just ended
      // is the one an operator asks about.
      const runs = [...(body.running || []), ...(body.runs || [])];
      if (runs.length === 0) { box.innerHTML = `<p class="hint">No run yet.</p>`; return; }
      box.innerHTML = `<table class="runs"><thead><tr><th>Process</th><th>Started</th><th>Duration</th><th>Media</th><th>Exit</th><th>Cause</th></tr></thead><tbody>` +
        runs.map((run) => {
          const lines = (run.lastLines || []).join("\n");
          const exit = run.signal ? `signal ${esc(run.signal)}` : esc(run.exitCode ?? (run.endedAt ? "–" : "running"));
          return `<tr><td>${esc(run.process ?? "")}</td><td>${esc(run.startedAt ? clock(run.startedAt) : "")}</td>` +
            `<td>${duration(run.durationSeconds)}</td><td>${duration(run.mediaSeconds)}</td><td>${exit}</td>` +
            `<td>${esc(run.cause ?? "")}${lines ? `<details><summary>last lines</summary><pre>${esc(lines)}</pre></details>` : ""}</td></tr>`;
        }).join("") + `</tbody></table>`;
    } catch {
      box.innerHTML = "";
    }
  }

  async function post(url) {
    try {
      const response = await fetch(url, { method: "POST", headers: { Authorization: `Bearer ${token()}` } });
      if (response.ok) toast(`Done: ${url.replace("/api/routes/", "")}`);
      else if (response.status === 401) toast("The worker refused the token.");
      else if (response.status === 404) toast("Control is not enabled on this worker.");
      else toast(`The worker answered ${response.status}.`);
    } catch (e) {
      toast(`Request failed: ${e.message}`);
    }
  }

  // ---- events panel ----
  const eventKinds = ["state", "restart", "destination", "source", "configuration", "route-added", "route-removed"];
  function describe(e) {
    switch (e.kind) {
      case "state": return [`${e.route}: ${e.from} → ${e.to}${e.reason ? ` (${e.reason})` : ""}`, e.to === "Running" ? "ev-good" : ["Frozen", "Slow", "Stalled", "BackingOff", "Stopped"].includes(e.to) ? "ev-bad" : ""];
      case "restart": return [`${e.route}: restart (${e.reason}), ${e.restarts} in all`, "ev-restart"];
      case "destination": return [`${e.route} destination ${e.destination}: ${e.from} → ${e.to}${e.reason ? ` (${e.reason})` : ""}`, e.to === "Up" ? "ev-good" : ["Down", "Failing"].includes(e.to) ? "ev-bad" : ""];
      case "source": return [`${e.route}: source ${e.from ? `${e.from} → ` : ""}${e.to} (${e.reason})`, e.to === "slate" ? "ev-bad" : ["failback", "recovered"].includes(e.reason) ? "ev-good" : ""];
      case "configuration": return [e.accepted ? "configuration applied" : `configuration refused: ${(e.problems || []).join("; ")}`, e.accepted ? "ev-good" : "ev-bad"];
      case "route-added": return [`${e.route} added`, ""];
      case "route-removed": return [`${e.route} removed`, ""];
      default: return [`${e.kind} ${e.route ?? ""}`, ""];
    }
  }
  function addEvent(e) {
    const list = $("event-list");
    const [text, cls] = describe(e);
    const li = document.createElement("li");
    li.dataset.kind = e.kind;
    li.innerHTML = `<time>${esc(clock(e.time))}</time><span class="${cls}">${esc(text)}</span>`;
    list.prepend(li);
    while (list.children.length > 200) list.lastElementChild.remove();
  }

  // ---- wiring ----
  function connect() {
    const feed = new EventSource("/console/feed");
    const live = $("live");
    feed.addEventListener("open", () => { live.dataset.live = "live"; live.textContent = "live"; live.title = "Updates stream from the worker"; });
    feed.addEventListener("error", () => { live.dataset.live = "reconnecting"; live.textContent = "reconnecting"; });
    feed.addEventListener("routes", (m) => {
      const all = JSON.parse(m.data);
      const names = new Set(all.map((r) => r.name));
      for (const name of [...routes.keys()]) if (!names.has(name)) remove(name);
      rows.querySelectorAll("tr.route").forEach((tr) => { if (!names.has(tr.dataset.route)) tr.remove(); });
      all.forEach(update);
      summarize();
    });
    feed.addEventListener("route", (m) => { update(JSON.parse(m.data)); summarize(); });
    feed.addEventListener("removed", (m) => { remove(JSON.parse(m.data).name); summarize(); });

    // Ask for the events the worker still holds, then live ones; EventSource resumes with Last-Event-ID itself.
    const events = new EventSource("/api/events?lastEventId=0");
    eventKinds.forEach((kind) => events.addEventListener(kind, (m) => addEvent(JSON.parse(m.data))));
    $("events").hidden = false;
  }

  function start() {
    $("filter").hidden = false;
    $("problems-toggle").hidden = false;
    $("control-button").hidden = false;
    $("filter").addEventListener("input", (e) => { filterText = e.target.value.trim().toLowerCase(); applyFilter(); });
    $("problems-only").addEventListener("change", (e) => { problemsOnly = e.target.checked; applyFilter(); });
    $("control-button").addEventListener("click", () => { $("control").hidden = !$("control").hidden; $("token").focus(); });
    $("control").addEventListener("submit", (e) => {
      e.preventDefault();
      const value = $("token").value.trim();
      if (value) sessionStorage.setItem(tokenKey, value); else sessionStorage.removeItem(tokenKey);
      $("token").value = "";
      $("control").hidden = true;
      $("control-button").textContent = value ? "Control ✓" : "Control";
      toast(value ? "Token kept for this tab: control buttons are in each route's details." : "Token forgotten.");
      open.forEach((name) => renderDetails(routes.get(name)));
    });
    $("forget").addEventListener("click", () => {
      sessionStorage.removeItem(tokenKey);
      $("control").hidden = true;
      $("control-button").textContent = "Control";
      toast("Token forgotten.");
      open.forEach((name) => renderDetails(routes.get(name)));
    });
    $("control-button").textContent = token() ? "Control ✓" : "Control";
    $("events").querySelector("h2").addEventListener("click", () => $("events").classList.toggle("collapsed"));
    rows.addEventListener("click", (e) => {
      const button = e.target.closest("button[data-post]");
      if (button) { e.stopPropagation(); post(button.dataset.post); return; }
      if (e.target.closest("tr.details")) return;
      const tr = e.target.closest("tr.route");
      if (tr) toggle(tr.dataset.route);
    });
    rows.addEventListener("load", (e) => {
      if (e.target.tagName === "IMG" && e.target.dataset.thumb) e.target.classList.add("loaded");
    }, true);
    rows.addEventListener("error", (e) => {
      const img = e.target;
      if (img.tagName === "IMG" && img.dataset.thumb) {
        noThumb.set(img.dataset.thumb, Date.now() + 60000);
        img.remove();
      }
    }, true);
    connect();
  }

  start();
})();
