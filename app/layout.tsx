import type { ReactNode } from 'react';

// Reader pages are route handlers that return whole HTML documents; this
// layout only wraps Next's own pages (the 404 and error pages).
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
