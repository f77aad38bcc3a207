// /admin/publishing: a "Copy preview link" button beside each preview link. Without this script the
// link stays in its read-only field, ready to select and copy by hand.
for (const input of document.querySelectorAll('input[data-copy-link]')) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button';
  button.textContent = 'Copy preview link';
  button.setAttribute('aria-label', `Copy preview link for ${input.dataset.copyLink}`);
  button.addEventListener('click', async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = 'Copied';
    } catch {
      // No clipboard here (an insecure origin, a refused permission): the link is selected instead.
      button.textContent = 'Selected: press Ctrl+C';
    }
  });
  input.after(button);
}
