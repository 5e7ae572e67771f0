// TinCanChat's browser client (SPEC §13): one WebSocket text message is one chat line.
// Received text is only ever put on the page as text (textContent), never as HTML.
"use strict";

const $ = (id) => document.getElementById(id);
const messages = $("messages"), input = $("input"), roomTitle = $("room"), membersList = $("members"),
  roomsList = $("rooms"), statusText = $("status"), meText = $("me"), countText = $("count");

const IdPrefix = /^@(~|#[^:\s]+):(\d{1,18}):(\d{1,15}) /;
// The server's refusals, worded as in Common/Protocol/ServerLines.cs: change both together.
const Refusal = /^\* error: (server full|too many connections from your address)/;
const MaxShown = 2000, MaxBackoffMs = 30000, SecretCommands = /^\/(login|register|password|unregister)(\s|$)/i;

// What the page asks by itself, and what it must not show twice.
const state = {
  socket: null, backoffMs: 1000, everConnected: false,
  nick: localStorage.getItem("tincan.nick") || null,
  login: null, // { name, password }: in memory only, to log in again after a reconnect
  asked: null, // a typed /nick or /login, kept once the server confirms it
  room: "#lobby", members: new Set(),
  last: new Map(), // room -> last id shown
  resuming: false, block: null, heldLive: [], heldUnnumbered: [],
  inHistory: false, autoWho: 0, autoRooms: 0,
  sent: [], sentAt: -1, draft: "",
};

// ---- Connection --------------------------------------------------------------------------

function connect() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${location.host}/chat`);
  state.socket = socket;
  setStatus("connecting…");
  socket.onopen = () => {
    const resumeFrom = state.last.get(state.room);
    const lines = [];
    // The name first: the room then sees who arrives (SPEC §10), never an address.
    if (state.login) lines.push(`/login ${state.login.name} ${state.login.password}`);
    else if (state.nick) lines.push(`/nick ${state.nick}`);
    lines.push("/cap ids");
    if (state.everConnected && resumeFrom !== undefined) {
      state.resuming = true;
      lines.push(`/resume ${state.room} ${resumeFrom}`);
    } else if (state.room !== "#lobby") {
      lines.push(`/join ${state.room}`);
    }
    for (const line of lines) socket.send(line);
    state.autoWho = 0; state.autoRooms = 0; // questions of a connection that ended go unanswered
    askWho(); askRooms();
    setStatus(state.everConnected ? "reconnected" : "connected");
    state.everConnected = true;
  };
  socket.onmessage = (event) => {
    const line = String(event.data);
    // Taken back: the pauses start over. A refusal (server full) is no welcome: the next try waits longer.
    if (!Refusal.test(line)) state.backoffMs = 1000;
    receive(line);
  };
  socket.onclose = () => {
    if (state.socket !== socket) return;
    state.socket = null;
    state.resuming = false; state.block = null; flushHeld();
    const wait = state.backoffMs;
    state.backoffMs = Math.min(state.backoffMs * 2, MaxBackoffMs);
    setStatus(`disconnected; trying again in ${Math.round(wait / 1000)} s`, true);
    setTimeout(connect, wait);
  };
}

function send(line) {
  if (!state.socket || state.socket.readyState !== WebSocket.OPEN) return false;
  state.socket.send(line);
  return true;
}

function askWho() { if (send("/who")) state.autoWho++; }
function askRooms() { if (send("/rooms")) state.autoRooms++; }

function setStatus(text, offline = false) {
  statusText.textContent = text;
  statusText.classList.toggle("offline", offline);
}

// ---- Receiving ---------------------------------------------------------------------------

function receive(line) {
  if (!state.resuming) { show(line, state.inHistory || line.startsWith("* history of #") ? "history" : "live"); return; }
  // The terminal client's rules (TinCanChat.Client/ResumedReplay.cs and LineIds.cs): change both together.
  // Resuming (SPEC §11): the replay of entering the lobby has no ids and is dropped; the answer
  // to /resume comes as a block with ids; live lines that come before it wait for it.
  if (state.block) {
    state.block.push(line);
    if (line === "* end of history") endBlock();
    return;
  }
  if (line.startsWith("* history of #")) { state.block = [line]; return; }
  if (IdPrefix.test(line)) { state.heldLive.push(line); return; }
  if (!line.startsWith("* ")) { state.heldUnnumbered.push(line); return; }
  show(line, "live");
  if (isResumeRefusal(line)) { state.resuming = false; flushHeld(); }
}

function endBlock() {
  const block = state.block;
  state.block = null;
  const chat = block.slice(1, -1).filter((l) => !l.startsWith("* "));
  if (chat.length > 0 && !chat.every((l) => IdPrefix.test(l))) return; // the lobby's replay, without ids
  const again = new Set(chat.map((l) => l.replace(IdPrefix, "")));
  state.heldUnnumbered = state.heldUnnumbered.filter((l) => !again.has(l));
  state.resuming = false;
  if (chat.length > 0) {
    const sorted = block.filter((l) => IdPrefix.test(l)).sort((a, b) => idOf(a) - idOf(b));
    let next = 0;
    for (const l of block) show(IdPrefix.test(l) ? sorted[next++] : l, "resumed");
  }
  flushHeld();
}

function flushHeld() {
  for (const l of state.heldUnnumbered) show(l, "live");
  for (const l of state.heldLive) show(l, "resumed");
  state.heldUnnumbered = []; state.heldLive = [];
}

function isResumeRefusal(line) {
  return line.startsWith("* error: ") && (line.includes("you are still in #") || line.includes("cannot be shown")
    || line.startsWith("* error: room ") || line.startsWith("* error: usage: /resume"));
}

function idOf(line) { return Number(IdPrefix.exec(line)[2]); }

// kind: "live", "history" (between markers), or "resumed" (may repeat what was shown).
function show(raw, kind) {
  let text = raw, saidAt = null, room = null;
  const prefix = IdPrefix.exec(raw);
  if (prefix) {
    text = raw.slice(prefix[0].length);
    saidAt = new Date(Number(prefix[3]));
    room = prefix[1];
    const id = Number(prefix[2]);
    if (room !== "~") {
      const last = state.last.get(room);
      if (kind === "resumed" && last !== undefined && id <= last) return; // shown already
      state.last.set(room, kind === "live" ? id : Math.max(id, last ?? id));
    }
  }
  if (raw.startsWith("* history of #")) state.inHistory = true;
  const wasHistory = state.inHistory;
  if (raw === "* end of history") state.inHistory = false;
  if (!prefix && text.startsWith("* ") && !notice(text)) return;
  append(text, saidAt, classesOf(text, room, wasHistory && kind !== "live"));
}

function classesOf(text, room, history) {
  const classes = [];
  // A "* " line with an id is someone's /me, said in the room; without, the server's notice.
  if (text.startsWith("* error: ")) classes.push("error");
  else if (text.startsWith("* ")) classes.push(room ? "action" : "notice");
  if (room === "~") classes.push("private");
  if (history) classes.push("history");
  if (meText.dataset.name && text.startsWith(meText.dataset.name + ": ")) classes.push("mine");
  return classes;
}

function append(text, saidAt, classes) {
  const nearBottom = messages.scrollHeight - messages.scrollTop - messages.clientHeight < 40;
  const row = document.createElement("div");
  row.className = classes.join(" ");
  const when = document.createElement("time");
  const at = saidAt || new Date();
  when.dateTime = at.toISOString();
  when.textContent = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  row.append(when, document.createTextNode(text));
  messages.append(row);
  while (messages.childElementCount > MaxShown) messages.firstElementChild.remove();
  if (nearBottom) messages.scrollTop = messages.scrollHeight;
}

// Notices that keep the room, its members and the rooms list current. False: not to be shown
// (the answer to a question the page asked by itself).
function notice(text) {
  let m;
  if ((m = /^\* in (#\S+) \((\d+|continued)\): (.*)$/.exec(text))) {
    if (m[2] !== "continued") { setRoom(m[1]); state.members.clear(); }
    for (const name of m[3].split(", ")) if (name) state.members.add(name);
    drawMembers();
    if (state.autoWho > 0) { if (m[2] !== "continued") state.autoWho--; return false; }
    return true;
  }
  if ((m = /^\* rooms(?: \(continued\))?: (.*)$/.exec(text))) {
    if (!text.startsWith("* rooms (continued)")) roomsList.replaceChildren();
    for (const entry of m[1].split(", ")) drawRoom(entry);
    if (state.autoRooms > 0) { if (!text.startsWith("* rooms (continued)")) state.autoRooms--; return false; }
    return true;
  }
  if ((m = /^\* capabilities: ids/.exec(text))) return false;
  if ((m = /^\* (\S+) joined (?:\(\d+ online\)|(#\S+))$/.exec(text))) {
    if (!m[2] || sameRoom(m[2])) { state.members.add(m[1]); drawMembers(); }
    if (state.nick && m[1].toLowerCase() === state.nick.toLowerCase()) setMe(m[1]);
    if (m[2] && m[1] === meText.dataset.name) askWho();
    askRoomsSoon();
  } else if ((m = /^\* (\S+) left(?: (#\S+)$|[: (])/.exec(text))) {
    if (!m[2] || sameRoom(m[2])) { state.members.delete(m[1]); drawMembers(); }
    askRoomsSoon();
  } else if ((m = /^\* \S+ (?:kicked|banned) (\S+) from (#\S+)/.exec(text))) {
    if (sameRoom(m[2])) { state.members.delete(m[1]); drawMembers(); }
  } else if ((m = /^\* (\S+) is now known as (\S+)$/.exec(text))) {
    if (state.members.delete(m[1])) state.members.add(m[2]);
    drawMembers();
    if (state.asked && state.asked.nick.toLowerCase() === m[2].toLowerCase()) {
      state.nick = m[2]; localStorage.setItem("tincan.nick", m[2]); state.asked = null;
    }
    if (m[1] === meText.dataset.name || (state.nick && m[2].toLowerCase() === state.nick.toLowerCase())) setMe(m[2]);
  } else if ((m = /^\* logged in as (\S+)$/.exec(text))) {
    if (state.asked && state.asked.password) {
      state.login = { name: m[1], password: state.asked.password };
      state.nick = m[1]; localStorage.setItem("tincan.nick", m[1]); state.asked = null;
    }
    setMe(m[1]);
  } else if ((m = /^\* logged out; you are (\S+) now$/.exec(text)) || (m = /here you are (\S+), logged out$/.exec(text))) {
    state.login = null; setMe(m[1]);
  } else if (/^\* you were (kicked|banned) from #/.test(text) || /^\* error: .*still in #/.test(text)) {
    askWho();
  } else if (/^\* error: (the nickname|wrong account|too many failed)/.test(text) || /^\* error: \S+ is registered/.test(text)) {
    state.asked = null; // refused: the name (or login) it had is still the one to use
  }
  return true;
}

let roomsTimer = null;
function askRoomsSoon() {
  if (roomsTimer) return;
  roomsTimer = setTimeout(() => { roomsTimer = null; askRooms(); }, 3000);
}

function sameRoom(room) { return room.toLowerCase() === state.room.toLowerCase(); }

function setRoom(room) {
  state.room = room;
  roomTitle.textContent = room;
  input.placeholder = `Message ${room} (/help: commands)`;
  for (const li of roomsList.children) li.classList.toggle("here", sameRoom(li.dataset.room));
}

function setMe(name) {
  meText.dataset.name = name;
  meText.textContent = `you are ${name}`;
}

function drawMembers() {
  const names = [...state.members].sort((a, b) => a.localeCompare(b));
  membersList.replaceChildren(...names.map((name) => {
    const li = document.createElement("li");
    li.textContent = name;
    return li;
  }));
  countText.textContent = `(${names.length})`;
}

function drawRoom(entry) {
  const m = /^(#\S+)(?: \((\d+)\))?/.exec(entry);
  if (!m) return;
  const li = document.createElement("li");
  li.dataset.room = m[1];
  li.textContent = m[2] ? `${m[1]} (${m[2]})` : m[1];
  li.classList.toggle("here", sameRoom(m[1]));
  li.addEventListener("click", () => { if (!sameRoom(m[1])) submit(`/join ${m[1]}`); });
  roomsList.append(li);
}

// ---- Typing ------------------------------------------------------------------------------

function submit(line) {
  if (!line) return;
  if (!send(line)) { append("* not connected: your line was not sent (it is still in the box)", null, ["error"]); return false; }
  const words = line.trim().split(/\s+/);
  const command = words[0].toLowerCase();
  if (command === "/nick" && words.length === 2) state.asked = { nick: words[1] };
  if (command === "/login" && words.length === 3) state.asked = { nick: words[1], password: words[2] };
  if (command === "/logout") { state.login = null; state.nick = null; localStorage.removeItem("tincan.nick"); }
  if (command === "/join" || command === "/part") askWho();
  if (!SecretCommands.test(line)) {
    if (state.sent[state.sent.length - 1] !== line) state.sent.push(line);
    if (state.sent.length > 500) state.sent.shift();
  }
  state.sentAt = -1;
  return true;
}

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  if (submit(input.value) !== false) input.value = "";
});

// Up and Down walk the lines sent; the line being typed is kept and comes back at the end.
input.addEventListener("keydown", (event) => {
  if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
  if (state.sent.length === 0) return;
  event.preventDefault();
  if (state.sentAt === -1) {
    if (event.key === "ArrowDown") return;
    state.draft = input.value;
    state.sentAt = state.sent.length;
  }
  state.sentAt += event.key === "ArrowUp" ? -1 : 1;
  if (state.sentAt < 0) state.sentAt = 0;
  if (state.sentAt >= state.sent.length) { state.sentAt = -1; input.value = state.draft; return; }
  input.value = state.sent[state.sentAt];
  input.setSelectionRange(input.value.length, input.value.length);
});

connect();
