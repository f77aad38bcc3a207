import { formatHumanDate } from '@/lib/content/dates';

type Card = { siteTitle: string; author: string; title: string; subtitle: string; date?: string | undefined };

/** The 1200×630 social card, drawn by next/og (satori): only flexbox and inline styles. */
export function OgCard({ siteTitle, author, title, subtitle, date }: Card) {
  return (
    <div
      style={{
        width: '100%', height: '100%', display: 'flex', flexDirection: 'column', justifyContent: 'space-between',
        padding: '64px 72px', background: '#fdfcf9', color: '#1c1c1e', borderTop: '16px solid #0a58a8',
      }}
    >
      <div style={{ display: 'flex', fontSize: 30, color: '#0a58a8', fontWeight: 700 }}>{siteTitle}</div>
      <div style={{ display: 'flex', flexDirection: 'column' }}>
        <div style={{ display: 'flex', fontSize: title.length > 60 ? 56 : 68, fontWeight: 700, lineHeight: 1.12, letterSpacing: -1 }}>
          {title}
        </div>
        <div style={{ display: 'flex', marginTop: 24, fontSize: 28, color: '#55565c', lineHeight: 1.4 }}>
          {subtitle.length > 150 ? `${subtitle.slice(0, 147)}…` : subtitle}
        </div>
      </div>
      <div style={{ display: 'flex', fontSize: 26, color: '#55565c' }}>
        {date ? `${author} · ${formatHumanDate(date)}` : author}
      </div>
    </div>
  );
}
