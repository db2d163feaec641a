// The recsh web page: plain JavaScript over the JSON API of the same server.
"use strict";
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
let idKind = "tmdb";
let previousTab = "foryou";
const picks = new Map();

async function api(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) { options.headers["Content-Type"] = "application/json"; options.body = JSON.stringify(body); }
  let response;
  try { response = await fetch(path, options); } catch (e) { throw new Error("the API cannot be reached: " + e.message); }
  const text = await response.text();
  let data = null;
  try { data = JSON.parse(text); } catch (_) { /* not JSON */ }
  if (!response.ok) throw new Error((data && data.error && data.error.message) || `HTTP ${response.status}`);
  return data;
}

function loading(el, what) { el.innerHTML = `<p class="loading">${esc(what)}…</p>`; }
function failed(el, e) { el.innerHTML = `<p class="error">${esc(e.message)}</p>`; }
function publicId(item) { return idKind === "tmdb" ? item.tmdb_id : item.movielens_id; }

function cards(items, { pick = false } = {}) {
  if (!items.length) return `<p class="muted">No films.</p>`;
  return `<div class="cards">${items.map((f) => `
    <div class="card" data-id="${esc(publicId(f))}">
      <div class="title">${esc(f.title)}</div>
      <div class="meta">${esc(f.year ?? "")}${f.score !== undefined ? ` · score ${Number(f.score).toFixed(3)}` : ""}${f.ratings !== undefined && f.score === undefined ? ` · ${f.ratings} ratings` : ""}</div>
      ${f.reason ? `<div class="reason">${esc(f.reason)}</div>` : ""}
      ${pick ? `<button class="pick" data-id="${esc(publicId(f))}" data-title="${esc(f.title)}">I like it</button>` : ""}
    </div>`).join("")}</div>`;
}

// A poster where TMDB has a path; otherwise a placeholder tile with the title's initials.
function poster(f) {
  if (f.poster_path) return `<img class="poster" alt="" src="https://image.tmdb.org/t/p/w185${esc(f.poster_path)}">`;
  const initials = String(f.title ?? "?").split(/\s+/).filter((w) => /^[A-Za-z0-9]/.test(w)).slice(0, 2).map((w) => w[0]).join("");
  return `<div class="poster placeholder" aria-hidden="true">${esc(initials || "?")}</div>`;
}

function homeRows(page) {
  const note = page.note ? `<p class="intent">${esc(page.note)}</p>` : "";
  return note + page.rows.map((row) => `
    <section class="row" data-kind="${esc(row.kind)}">
      <h3>${esc(row.title)}${page.fallback ? ' <span class="badge">fallback</span>' : ""}</h3>
      <div class="strip">${row.films.map((f) => `
        <div class="card tile" data-id="${esc(publicId(f))}">
          ${poster(f)}
          <div class="title">${esc(f.title)}</div>
          <div class="meta">${esc(f.year ?? "")}</div>
          <div class="reason">${esc(f.reason)}</div>
        </div>`).join("")}</div>
    </section>`).join("");
}

async function home(ev) {
  if (ev) ev.preventDefault();
  const el = $("home-result");
  loading(el, "Building the rows");
  try {
    el.innerHTML = homeRows(await api("GET", `/home/${encodeURIComponent($("home-user").value)}?k=10`));
    wireCards(el);
  } catch (e) { failed(el, e); }
}

function wireCards(el) {
  el.querySelectorAll(".card").forEach((c) => c.addEventListener("click", (ev) => {
    if (ev.target.classList.contains("pick")) return;
    if (c.dataset.id && c.dataset.id !== "undefined") showFilm(c.dataset.id);
  }));
  el.querySelectorAll(".pick").forEach((b) => b.addEventListener("click", () => {
    picks.set(b.dataset.id, b.dataset.title);
    renderPicks();
  }));
}

function showTab(name) {
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.id === name));
  document.querySelectorAll("nav button").forEach((b) => b.classList.toggle("active", b.dataset.tab === name));
  if (name !== "film") previousTab = name;
}

async function checkHealth() {
  const el = $("status");
  try {
    const h = await api("GET", "/health");
    idKind = h.id_kind;
    el.className = "status ok";
    el.textContent = `API ok · ${h.dataset} · models v${h.model_version}`;
  } catch (e) {
    el.className = "status down";
    el.textContent = "API down";
    el.title = e.message;
  }
}

async function recommendUser(ev) {
  ev.preventDefault();
  const el = $("user-result");
  loading(el, "Recommending");
  try {
    const r = await api("POST", "/recommend", { user_id: Number($("user-id").value), k: Number($("user-k").value) || 10 });
    el.innerHTML = `<p>${r.fallback ? `Unknown user: popular films instead<span class="badge">fallback</span>` : `By ${esc(r.model)} (version ${r.model_version})`}</p>` + cards(r.items);
    wireCards(el);
  } catch (e) { failed(el, e); }
}

async function search(ev) {
  ev.preventDefault();
  const el = $("search-result");
  loading(el, "Searching");
  try {
    const r = await api("GET", "/search?q=" + encodeURIComponent($("search-q").value) + "&k=8");
    el.innerHTML = cards(r.items, { pick: true });
    wireCards(el);
  } catch (e) { failed(el, e); }
}

function intentLine(i) {
  const parts = [];
  if (i.genres.length) parts.push("genres " + i.genres.join(", "));
  if (i.exclude_genres.length) parts.push("not " + i.exclude_genres.join(", "));
  if (i.year_min !== null || i.year_max !== null) parts.push("years " + (i.year_min ?? "") + "–" + (i.year_max ?? ""));
  if (i.moods.length) parts.push("moods " + i.moods.join(", "));
  if (i.people.length) parts.push("people " + i.people.join(", "));
  if (i.like.length) parts.push("like " + i.like.length + " film" + (i.like.length > 1 ? "s" : ""));
  if (i.text) parts.push(`text "${i.text}"`);
  return parts.length ? parts.join(" · ") : "no filter: the most liked films";
}

async function ask(ev) {
  ev.preventDefault();
  const el = $("ask-result");
  loading(el, "Reading your words");
  const body = { query: $("ask-q").value, k: 12 };
  if ($("ask-user").value) body.user_id = Number($("ask-user").value);
  try {
    const r = await api("POST", "/ask", body);
    el.innerHTML = `<p class="intent">Understood (${esc(r.parser)}): ${esc(intentLine(r.intent))}${r.fallback ? `<span class="badge">fallback</span>` : ""}</p>`
      + r.notes.map((n) => `<p class="muted">${esc(n)}</p>`).join("") + cards(r.items);
    wireCards(el);
  } catch (e) { failed(el, e); }
}

async function askByMeaning() {
  const el = $("ask-result");
  if (!$("ask-q").value.trim()) { $("ask-q").reportValidity(); return; }
  loading(el, "Searching by meaning");
  try {
    const r = await api("GET", "/search?mode=meaning&k=12&q=" + encodeURIComponent($("ask-q").value));
    el.innerHTML = `<p class="intent">Nearest in meaning to "${esc($("ask-q").value)}"</p>` + cards(r.items);
    wireCards(el);
  } catch (e) { failed(el, e); }
}

function renderPicks() {
  const list = $("picked-list");
  list.innerHTML = picks.size ? [...picks.values()].map((t) => `<li>${esc(t)}</li>`).join("") : `<li class="muted">none yet</li>`;
  $("discover-go").disabled = picks.size === 0;
}

async function discover() {
  const el = $("discover-result");
  loading(el, "Finding films for your picks");
  // a new visitor gets a fresh user id; their likes are stored as feedback and fold into the model
  const user = 1000000000 + Math.floor(Math.random() * 1000000000);
  try {
    for (const id of picks.keys()) await api("POST", "/feedback", { user_id: user, movie_id: Number(id), event: "like" });
    const r = await api("POST", "/recommend", { user_id: user, k: 12 });
    el.innerHTML = `<h3>Because you like ${esc([...picks.values()].join(", "))}</h3>` + cards(r.items);
    wireCards(el);
  } catch (e) { failed(el, e); }
}

async function popular(ev) {
  if (ev) ev.preventDefault();
  const el = $("popular-result");
  loading(el, "Loading popular films");
  try {
    const genre = $("genre").value;
    const r = await api("GET", "/popular?k=24" + (genre ? "&genre=" + encodeURIComponent(genre) : ""));
    el.innerHTML = cards(r.items);
    wireCards(el);
  } catch (e) { failed(el, e); }
}

async function loadGenres() {
  try {
    const r = await api("GET", "/popular?k=100");
    const genres = new Set();
    for (const item of r.items) {
      const f = await api("GET", "/movie/" + publicId(item)).catch(() => null);
      if (f) f.genres.forEach((g) => genres.add(g));
      if (genres.size >= 18) break;
    }
    $("genre").innerHTML = `<option value="">all genres</option>` + [...genres].sort().map((g) => `<option>${esc(g)}</option>`).join("");
  } catch (_) { /* the filter stays at "all genres" */ }
}

function list(title, items) {
  return `<div><h3>${esc(title)}</h3>${items.length ? `<ol>${items.map((f) => `<li data-id="${esc(publicId(f))}"><span class="t">${esc(f.title)}</span> <span class="muted">${esc(f.year ?? "")} · ${Number(f.score).toFixed(3)}</span><div class="muted">${esc(f.reason)}</div></li>`).join("")}</ol>` : `<p class="muted">No films.</p>`}</div>`;
}

async function showFilm(id) {
  showTab("film");
  const el = $("film-result");
  loading(el, "Loading the film");
  try {
    const r = await api("GET", `/movie/${encodeURIComponent(id)}/similar?k=5`);
    const f = r.film;
    el.innerHTML = `<div class="details"><h2>${esc(f.title)} <span class="muted">${esc(f.year ?? "")}</span></h2>
      <p class="muted">${esc(f.genres.join(", "))} · ${f.ratings} ratings${f.mean_rating ? ` · mean ${f.mean_rating}` : ""}</p>
      ${f.overview ? `<p>${esc(f.overview)}</p>` : ""}
      ${f.directors && f.directors.length ? `<p><b>Director:</b> ${esc(f.directors.join(", "))}</p>` : ""}
      ${f.cast && f.cast.length ? `<p><b>Cast:</b> ${esc(f.cast.join(", "))}</p>` : ""}
      ${r.notes.map((n) => `<p class="muted">${esc(n)}</p>`).join("")}</div>
      <div class="lists">${list("Similar Movies", r.similar)}${list("Viewers Also Liked", r.also_liked)}${list("Best of Both", r.hybrid)}</div>`;
    el.querySelectorAll("li[data-id]").forEach((li) => li.addEventListener("click", () => showFilm(li.dataset.id)));
  } catch (e) { failed(el, e); }
}

document.querySelectorAll("nav button").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
$("back").addEventListener("click", () => showTab(previousTab));
$("user-form").addEventListener("submit", recommendUser);
$("home-form").addEventListener("submit", home);
$("search-form").addEventListener("submit", search);
$("ask-form").addEventListener("submit", ask);
$("ask-meaning").addEventListener("click", askByMeaning);
$("discover-go").addEventListener("click", discover);
$("popular-form").addEventListener("submit", popular);
checkHealth().then(() => {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("film")) showFilm(hash.get("film"));
  else if (hash.get("home")) { showTab("home"); $("home-user").value = hash.get("home"); home(); }
  else if (hash.get("ask")) { showTab("ask"); $("ask-q").value = hash.get("ask"); ask(new Event("submit")); }
  else if (hash.get("meaning")) { showTab("ask"); $("ask-q").value = hash.get("meaning"); askByMeaning(); }
  else if (hash.get("tab")) { showTab(hash.get("tab")); if (hash.get("tab") === "popular") popular(); }
  loadGenres();
});
setInterval(checkHealth, 15000);
