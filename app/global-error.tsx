'use client';

// Shown when something unexpected breaks: a short apology, never a stack trace.
export default function GlobalError() {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', maxWidth: '40rem', margin: '4rem auto', padding: '0 1.25rem' }}>
        <main>
          <h1>Sorry, something went wrong</h1>
          <p>
            This page could not be shown. Please try again in a moment, or go to the <a href="/">home page</a>.
          </p>
        </main>
      </body>
    </html>
  );
}
