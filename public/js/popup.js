// The subscribe popup of issue pages: asks once, late, never in the way. Without this script the
// closed <dialog> never appears.
const dialog = document.querySelector('[data-popup]');
const QUIET_MS = 5000; // after the reader's last keystroke
const IN_USE_MS = 30000; // after the last use of a form or the comments: focus, typing, a click, a post
const DISMISS_MS = 30 * 864e5;
const DISMISSED = 'masthead_popup_dismissed';
const SEEN = 'masthead_popup_seen'; // sessionStorage: at most once a visit

if (dialog) {
  // A reader from the newsletter is most likely a subscriber: leave the whole visit alone.
  if (fromNewsletter()) remember('sessionStorage', SEEN, '1');
  else if (!isUnwanted()) waitForAQuietMoment(Math.max(0, Number(dialog.dataset.popupDelay) || 0) * 1000);
}

function isUnwanted() {
  return readCookie('masthead_subscriber') === '1' || recall('sessionStorage', SEEN) !== null || dismissedRecently();
}

function fromNewsletter() {
  const q = new URLSearchParams(location.search);
  return q.get('utm_medium')?.toLowerCase() === 'email' || q.get('ref')?.toLowerCase() === 'newsletter';
}

// A dismissal's time goes to localStorage and a cookie; either one keeps it quiet, so clearing one
// (or Safari capping script-written storage at 7 days) leaves the other. 30 days run from the time.
function dismissedRecently() {
  return [recall('localStorage', DISMISSED), readCookie(DISMISSED)].some((t) => t > 0 && Date.now() - t < DISMISS_MS);
}

function rememberDismissal() {
  const now = String(Date.now());
  remember('localStorage', DISMISSED, now);
  writeCookie(DISMISSED, now, DISMISS_MS / 1000);
}

// Opens after the delay, once focus is out of text fields, the keyboard quiet and the forms and
// comments left alone for a while: a reader writing or posting a comment is never interrupted (a
// pause before "Post comment" is no invitation: the answer they wait for must not be covered).
function waitForAQuietMoment(delayMs) {
  const listening = new AbortController();
  const on = { capture: true, signal: listening.signal };
  let due = false;
  let timer = 0;
  let lastKey = -Infinity;
  let lastUse = -Infinity;
  const check = () => {
    clearTimeout(timer);
    if (!due) return;
    if (isUnwanted()) return listening.abort();
    if (document.hidden || isTextField(document.activeElement)) return; // focusout, visibilitychange call again
    const rest = Math.max(lastKey + QUIET_MS, lastUse + IN_USE_MS) - Date.now();
    if (rest > 0) timer = setTimeout(check, rest);
    else { listening.abort(); open(); }
  };
  // `input` too: paste, autofill and dictation type without keydowns.
  for (const type of ['keydown', 'input']) document.addEventListener(type, () => { lastKey = Date.now(); }, on);
  // The comment script moves focus to a posted comment: that is a use too.
  const used = (e) => { if (e.target.closest?.('form, [data-comments]')) lastUse = Date.now(); };
  for (const type of ['focusin', 'pointerdown', 'click', 'input', 'submit']) document.addEventListener(type, used, on);
  for (const type of ['focusout', 'visibilitychange']) document.addEventListener(type, () => setTimeout(check), on); // once focus settles
  setTimeout(() => { due = true; check(); }, delayMs);
}

function isTextField(el) {
  if (!el) return false;
  if (el.isContentEditable || el.localName === 'textarea') return true;
  return el.localName === 'input' && !/^(button|submit|reset|checkbox|radio|range|color|file|image|hidden)$/.test(el.type);
}

function open() {
  const returnTo = document.activeElement;
  const form = dialog.querySelector('form');
  const email = form.elements.email;
  const close = dialog.querySelector('[data-popup-close]');
  let subscribed = false;
  let busy = false;
  let pressedOutside = false;
  remember('sessionStorage', SEEN, '1');

  close.addEventListener('click', () => dialog.close());
  // A click on the ::backdrop targets the dialog; a drag from inside (selecting text) is no dismissal.
  dialog.addEventListener('pointerdown', (e) => { pressedOutside = isOutside(e); });
  dialog.addEventListener('click', (e) => { if (pressedOutside && isOutside(e)) dialog.close(); });
  dialog.addEventListener('keydown', (e) => { if (e.key === 'Tab') trapTab(e); });
  // Escape (native), Close and a click outside all end here.
  dialog.addEventListener('close', () => {
    if (!subscribed) rememberDismissal();
    if (returnTo?.isConnected) returnTo.focus({ preventScroll: true });
  }, { once: true });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    // Not `disabled`: that would throw focus out of the dialog.
    if (busy) return;
    busy = true;
    subscribed = await submit(form, email, close);
    busy = false;
  });

  dialog.showModal();
  email.focus();
}

function isOutside(e) {
  if (e.target !== dialog) return false;
  const r = dialog.getBoundingClientRect();
  return e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom;
}

// Tab and Shift+Tab cycle within the dialog, never out to the browser's controls.
function trapTab(e) {
  const stops = [...dialog.querySelectorAll('a[href], button, input, textarea, select')]
    .filter((el) => !el.disabled && el.tabIndex >= 0 && el.type !== 'hidden' && el.getClientRects().length > 0);
  const [first, last] = e.shiftKey ? [stops.at(-1), stops[0]] : [stops[0], stops.at(-1)];
  if (document.activeElement === last || !stops.includes(document.activeElement)) {
    e.preventDefault();
    first.focus();
  }
}

// Shows the server's answer in the dialog's status line; true once subscribed.
async function submit(form, email, close) {
  const message = form.querySelector('.subscribe-message');
  const say = (text, error) => {
    message.textContent = text;
    if (error) message.dataset.state = 'error';
    else delete message.dataset.state;
  };
  try {
    const res = await fetch(form.action, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
    });
    const data = await res.json().catch(() => ({}));
    if (res.ok) {
      writeCookie('masthead_subscriber', '1', 365 * 86400);
      email.removeAttribute('aria-invalid');
      say(data.message || 'Thank you! Check your inbox to confirm.', false);
      form.querySelector('.subscribe-row').hidden = true;
      close.focus();
      return true;
    }
    const errors = data.fieldErrors || {};
    say((errors.email || errors.form || ['Something went wrong. Please try again.']).join(' '), true);
    if (errors.email) {
      email.setAttribute('aria-invalid', 'true');
      email.setAttribute('aria-describedby', message.id);
      email.focus();
    }
  } catch {
    say('The network failed. Please try again.', true);
  }
  return false;
}

function readCookie(name) {
  return document.cookie.split('; ').find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1) ?? null;
}

function writeCookie(name, value, maxAgeSeconds) {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${name}=${value}; Max-Age=${maxAgeSeconds}; Path=/; SameSite=Lax${secure}`;
}

// Storage may throw even on access (blocked site data): it then remembers nothing.
function recall(store, key) {
  try { return window[store].getItem(key); } catch { return null; }
}

function remember(store, key, value) {
  try { window[store].setItem(key, value); } catch { /* see recall */ }
}
