// The comment island: posting, replying, editing without a reload, and a fresh view of the
// discussion when it scrolls into sight. Everything here also works without it (plain forms).
const section = document.querySelector('[data-comments]');
if (section) init(section);

function init(root) {
  const slug = root.dataset.comments;
  let fresh = false;
  relativeTimes(root);
  root.addEventListener('submit', (event) => onSubmit(event, root));
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
    if (!res.ok || isBusy(root)) return;
    const next = new DOMParser().parseFromString(await res.text(), 'text/html').querySelector('[data-comments]');
    if (!next) return;
    for (const sel of ['#comments-title', '.comment-threads']) root.querySelector(sel)?.replaceWith(next.querySelector(sel));
    root.querySelector('.comments-empty')?.remove();
    if (next.querySelector('.comments-empty')) root.querySelector('.comment-threads')?.before(next.querySelector('.comments-empty'));
    // The live form carries a fresh token.
    const token = next.querySelector('#comment-form [name=formToken]')?.value;
    if (token) root.querySelector('#comment-form [name=formToken]').value = token;
    relativeTimes(root);
  } catch { /* the prerendered comments stay */ }
}

function isBusy(root) {
  return [...root.querySelectorAll('textarea')].some((t) => t.value.trim() !== '' || t === document.activeElement);
}

function onSubmit(event, root) {
  const form = event.target;
  if (form.matches('form.reply-open')) return openReply(event, form, root);
  if (form.matches('form.comment-delete')) return deleteComment(event, form);
  if (!form.matches('[data-comment-form]')) return;
  event.preventDefault();
  form.elements.elapsedMs.value = String(Math.round(performance.now()));
  post(form, root);
}

async function post(form, root) {
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  clearErrors(form);
  try {
    const res = await fetch(form.action, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(new FormData(form)),
      credentials: 'same-origin',
    });
    const data = await res.json().catch(() => ({}));
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
  if (data.status === 'published') {
    const heading = root.querySelector('#comments-title');
    const n = (parseInt(heading.textContent.replace(/,/g, ''), 10) || 0) + 1;
    heading.textContent = `${n.toLocaleString('en')} comment${n === 1 ? '' : 's'}`;
  }
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
  form.querySelector('[name=formToken]').value = root.querySelector('#comment-form [name=formToken]').value;
  article.append(form);
  form.querySelector('textarea').focus();
}

async function deleteComment(event, form) {
  event.preventDefault();
  if (!window.confirm('Delete your comment?')) return;
  const res = await fetch(form.action, { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  const article = form.closest('article.comment');
  if (res.ok) article.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'This comment was deleted.' }));
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
