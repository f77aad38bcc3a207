// The comment island: posting, replying, editing without a reload, and a fresh view of the
// discussion when it scrolls into sight. Everything here also works without it (plain forms).
// Form tokens are single-use and per reader (lib/comments/form-token.ts): the prerendered page's
// shared one would only lead to a preview, so the script posts with one of its own, fetched early
// (typing time then covers the minimum time) and renewed by every answer.
const section = document.querySelector('[data-comments]');
let token = '';
if (section) init(section);

function init(root) {
  const slug = root.dataset.comments;
  let fresh = false;
  relativeTimes(root);
  root.addEventListener('submit', (event) => onSubmit(event, root));
  root.addEventListener('focusin', () => token || fetchToken(root), { once: true });
  // Someone may have commented since this page was prerendered: fetch the live discussion once it is near.
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting) || fresh) return;
    fresh = true;
    observer.disconnect();
    refresh(root, slug);
  }, { rootMargin: '600px' });
  observer.observe(root);
}

async function refresh(root, slug) {
  try {
    const res = await fetch(`/api/discussions/${encodeURIComponent(slug)}`, { credentials: 'same-origin' });
    if (!res.ok) return;
    const next = new DOMParser().parseFromString(await res.text(), 'text/html').querySelector('[data-comments]');
    if (!token) setToken(root, next?.querySelector('[name=formToken]')?.value);
    if (!next || isBusy(root)) return;
    for (const sel of ['#comments-title', '.comment-threads']) root.querySelector(sel)?.replaceWith(next.querySelector(sel));
    root.querySelector('.comments-empty')?.remove();
    if (next.querySelector('.comments-empty')) root.querySelector('.comment-threads')?.before(next.querySelector('.comments-empty'));
    relativeTimes(root);
  } catch { /* the prerendered comments stay */ }
}

async function fetchToken(root) {
  try {
    const res = await fetch(`/api/comments?slug=${encodeURIComponent(root.dataset.comments)}`, { headers: { accept: 'application/json' } });
    setToken(root, (await res.json()).formToken);
  } catch { /* posting fetches again */ }
}

function setToken(root, value) {
  if (!value) return;
  token = value;
  for (const input of root.querySelectorAll('[name=formToken]')) input.value = value;
}

function isBusy(root) {
  return [...root.querySelectorAll('textarea')].some((t) => t.value.trim() !== '' || t === document.activeElement);
}

function onSubmit(event, root) {
  const form = event.target;
  if (form.matches('form.reply-open')) return openReply(event, form, root);
  if (form.matches('form.comment-delete')) return deleteComment(event, form, root);
  if (!form.matches('[data-comment-form]')) return;
  event.preventDefault();
  post(form, root);
}

function send(form) {
  return fetch(form.action, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(new FormData(form)),
    credentials: 'same-origin',
  });
}

async function post(form, root) {
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  clearErrors(form);
  try {
    const late = !token;
    if (late) await fetchToken(root);
    let res, data;
    for (let retry = late; ; retry = false) {
      res = await send(form);
      data = await res.json().catch(() => ({}));
      setToken(root, data.formToken);
      // A token fetched only now is younger than the minimum time: wait it out once, as asked.
      if (!retry || data.error !== 'too-fast') break;
      await new Promise((done) => setTimeout(done, 1000 * (Number(res.headers.get('retry-after')) || 3)));
    }
    if (res.status !== 201) return showErrors(form, data.fieldErrors || { form: ['Your comment could not be posted. Please try again.'] });
    insertComment(root, data, form);
  } catch {
    showErrors(form, { form: ['The network failed. Your comment is still here: please try again.'] });
  } finally {
    button.disabled = false;
  }
}

function insertComment(root, data, form) {
  const li = document.createElement('li');
  li.innerHTML = data.html;
  const parent = data.parentId && root.querySelector(`#comment-${CSS.escape(data.parentId)}`);
  if (parent) {
    const thread = parent.closest('li.thread');
    let replies = thread.querySelector(':scope > ol.replies');
    if (!replies) thread.append((replies = Object.assign(document.createElement('ol'), { className: 'replies' })));
    replies.append(li);
    form.remove();
  } else {
    li.className = 'thread';
    root.querySelector('.comment-threads').append(li);
    root.querySelector('.comments-empty')?.remove();
    form.reset();
  }
  const article = li.querySelector('article');
  article.tabIndex = -1;
  article.focus();
  const notice = root.querySelector('.notice');
  notice.hidden = false;
  notice.textContent = data.status === 'pending' ? 'Thank you! Your comment is awaiting moderation.' : 'Your comment is posted.';
  count(root, 1);
}

// The heading counts the comments this reader sees, their own pending ones too (as the server does).
function count(root, change) {
  const heading = root.querySelector('#comments-title');
  const n = Math.max(0, (parseInt(heading.textContent.replace(/,/g, ''), 10) || 0) + change);
  heading.textContent = n ? `${n.toLocaleString('en')} comment${n === 1 ? '' : 's'}` : 'Comments';
}

function openReply(event, opener, root) {
  event.preventDefault();
  const article = opener.closest('article.comment');
  const existing = article.querySelector('form.comment-form');
  if (existing) return existing.querySelector('textarea').focus();
  const id = opener.elements.reply.value;
  const name = article.querySelector('.comment-author')?.textContent.trim() || 'Anonymous';
  const form = root.querySelector('#comment-form').cloneNode(true);
  form.id = `reply-form-${id}`;
  form.reset();
  clearErrors(form);
  for (const el of form.querySelectorAll('[id]')) el.id = el.id.replace(/^comment-/, `reply-${id}-`);
  for (const el of form.querySelectorAll('[for]')) el.htmlFor = el.htmlFor.replace(/^comment-/, `reply-${id}-`);
  for (const el of form.querySelectorAll('[aria-describedby]')) el.setAttribute('aria-describedby', el.getAttribute('aria-describedby').replace(/comment-/g, `reply-${id}-`));
  form.setAttribute('aria-labelledby', `reply-${id}-title`);
  const title = form.querySelector('h3');
  title.id = `reply-${id}-title`;
  title.textContent = `Reply to ${name}`;
  form.querySelector('button[type=submit]').textContent = 'Post reply';
  form.prepend(Object.assign(document.createElement('input'), { type: 'hidden', name: 'parentId', value: id }));
  article.append(form);
  form.querySelector('textarea').focus();
}

// As the server renders it: a placeholder only where replies need their place, else nothing.
async function deleteComment(event, form, root) {
  event.preventDefault();
  if (!window.confirm('Delete your comment?')) return;
  const res = await fetch(form.action, { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  if (!res.ok) return;
  const article = form.closest('article.comment');
  const item = article.closest('li');
  const answered = item.querySelector(':scope > ol.replies > li') || [...root.querySelectorAll('.in-reply-to a')].some((a) => a.hash === `#${article.id}`);
  if (answered) {
    article.className = 'comment comment-deleted';
    article.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'This comment was deleted.' }));
  } else item.remove();
  count(root, -1);
}

function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const formError = form.querySelector('.form-error');
  formError.hidden = true;
  formError.textContent = '';
}

function showErrors(form, errors) {
  let first = null;
  for (const [field, messages] of Object.entries(errors)) {
    const input = field === 'form' ? null : form.elements[field];
    if (!input || input.type === 'hidden') {
      const formError = form.querySelector('.form-error');
      formError.hidden = false;
      formError.textContent = messages.join(' ');
      continue;
    }
    const error = Object.assign(document.createElement('span'), { className: 'field-error', id: `${input.id}-error`, textContent: messages.join(' ') });
    input.after(error);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') || ''} ${error.id}`.trim());
    first ??= input;
  }
  first?.focus();
}

function relativeTimes(root) {
  const now = Date.now();
  for (const t of root.querySelectorAll('time[data-relative]')) {
    const s = Math.max(0, Math.round((now - Date.parse(t.dateTime)) / 1000));
    const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];
    let value = s;
    let text = 'just now';
    if (s >= 45) {
      for (const [size, unit] of steps) {
        if (value < size) { text = `${value} ${unit}${value === 1 ? '' : 's'} ago`; break; }
        value = Math.floor(value / size);
      }
    }
    t.textContent = text;
  }
}
