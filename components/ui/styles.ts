import { popupCss } from '@/components/newsletter/popup';

/**
 * The whole stylesheet, inlined into each page's <head>: one request fewer
 * for a reader arriving from an email, and about 3 KB gzipped.
 */
const baseCss = String.raw`
:root{color-scheme:light dark;--bg:#fdfcf9;--fg:#1c1c1e;--muted:#55565c;--line:#dedbd2;--accent:#0a58a8;--accent-bg:#eef4fb;--code-bg:#f4f2ec;--callout:#fbf6e6;--callout-line:#e6d59a;
--serif:Charter,"Bitstream Charter","Sitka Text",Cambria,"Iowan Old Style","Palatino Linotype",Georgia,serif;--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;--measure:38rem}
@media (prefers-color-scheme:dark){:root{--bg:#141518;--fg:#e9e7e2;--muted:#a9abb2;--line:#34363c;--accent:#8cc4ff;--accent-bg:#1b2633;--code-bg:#1d1f24;--callout:#252117;--callout-line:#5c4e22}}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.125rem/1.65 var(--serif);font-kerning:normal;overflow-wrap:break-word}
h1,h2,h3,h4{font-family:var(--sans);line-height:1.25;text-wrap:balance;margin:2em 0 .6em}
h1{font-size:clamp(2rem,5vw,2.75rem);margin-top:.5em;letter-spacing:-.01em}
h2{font-size:1.5rem}h3{font-size:1.2rem}
p,li,figcaption,blockquote{text-wrap:pretty}
a{color:var(--accent);text-underline-offset:.15em;text-decoration-thickness:.06em}
a:hover{text-decoration-thickness:.12em}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px;border-radius:2px}
.skip-link{position:absolute;left:1rem;top:-4rem;background:var(--fg);color:var(--bg);padding:.5rem 1rem;z-index:10;font-family:var(--sans)}
.skip-link:focus{top:1rem}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.wrap{max-width:calc(var(--measure) + 2.5rem);margin:0 auto;padding:0 1.25rem}
.site-header{border-bottom:1px solid var(--line);font-family:var(--sans)}
.site-header .wrap{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:baseline;justify-content:space-between;padding-top:1rem;padding-bottom:1rem}
.site-title{font-weight:700;font-size:1.15rem;color:var(--fg);text-decoration:none}
.site-nav ul{list-style:none;display:flex;gap:1.25rem;margin:0;padding:0;font-size:1rem}
.site-search{display:flex;gap:.4rem;align-items:center;font:1rem var(--sans)}
.site-search input{font:inherit;padding:.25rem .5rem;border:1px solid var(--line);border-radius:4px;background:transparent;color:inherit;min-width:0;width:12rem}
.site-search button{font:inherit;padding:.25rem .7rem}
.search-results{list-style:none;padding:0}.search-results li{margin:0 0 1.25rem}
.search-results mark{background:#fde68a;color:#111;padding:0 .1em}
.site-footer{border-top:1px solid var(--line);margin-top:4rem;padding:2rem 0 3rem;font:.95rem/1.6 var(--sans);color:var(--muted)}
.site-footer a{color:inherit}
main{display:block;padding-bottom:1rem}
.meta{font:.95rem/1.5 var(--sans);color:var(--muted);margin:.25rem 0}
.tags{list-style:none;padding:0;margin:.75rem 0 0;display:flex;flex-wrap:wrap;gap:.5rem;font:.85rem var(--sans)}
.tags a{display:inline-block;padding:.1rem .6rem;border:1px solid var(--line);border-radius:999px;text-decoration:none;color:var(--muted)}
.tags a:hover{border-color:var(--accent);color:var(--accent)}
.summary{font-size:1.2rem;color:var(--muted);margin:.75rem 0}
.video-link{font-family:var(--sans);font-size:1rem}
.cover{margin:1.5rem 0 0}
.cover img{display:block;max-width:100%;height:auto;border-radius:6px}
.toc{margin:2rem 0;padding:1rem 1.25rem;border:1px solid var(--line);border-radius:6px;font:1rem/1.5 var(--sans)}
.toc h2{font-size:1rem;margin:0 0 .5rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.toc ol{margin:0;padding-left:1.25rem}.toc ol ol{padding-left:1rem;margin:.15rem 0 .3rem}
.prose img{max-width:100%;height:auto}
.prose h2 a,.prose h3 a,.prose h4 a{color:inherit;text-decoration:none}
.prose h2 a:hover,.prose h3 a:hover,.prose h4 a:hover{text-decoration:underline}
.prose h2,.prose h3,.prose h4{scroll-margin-top:1rem}
.prose blockquote{margin:1.5rem 0;padding:0 0 0 1.25rem;border-left:3px solid var(--line);color:var(--muted);font-style:italic}
.callout{display:flex;gap:.9rem;margin:1.75rem 0;padding:1rem 1.25rem;background:var(--callout);border-left:4px solid var(--callout-line);border-radius:4px}
.callout-icon{font-size:1.5rem;line-height:1.4;flex:none}
.callout-body>:first-child{margin-top:0}.callout-body>:last-child{margin-bottom:0}
figure{margin:2rem 0}
figure img{display:block;margin:0 auto;border-radius:4px}
figcaption{font:.9rem/1.5 var(--sans);color:var(--muted);text-align:center;margin-top:.6rem}
code{font-family:var(--mono);font-size:.88em;background:var(--code-bg);padding:.1em .3em;border-radius:3px}
pre{background:var(--code-bg);padding:1rem 1.1rem;border-radius:6px;overflow-x:auto;line-height:1.5;font-size:.9rem}
pre code{background:none;padding:0;font-size:inherit}
table{border-collapse:collapse;width:100%;font:.95rem/1.45 var(--sans)}
.table-wrap{overflow-x:auto;margin:1.5rem 0}
th,td{border-bottom:1px solid var(--line);padding:.5rem .75rem;text-align:left;vertical-align:top}
th{border-bottom-width:2px}
hr{border:0;border-top:1px solid var(--line);margin:2.5rem 0}
.footnotes{margin-top:3rem;padding-top:1rem;border-top:1px solid var(--line);font-size:.95rem}
.contains-task-list{list-style:none;padding-left:1rem}
.author-box{display:flex;gap:1rem;align-items:flex-start;margin-top:2.5rem;padding-top:1.5rem;border-top:1px solid var(--line);font:1rem/1.55 var(--sans)}
.author-avatar{flex:none;width:64px;height:64px;border-radius:50%;object-fit:cover}
.author-box p{margin:0 0 .35rem}.author-bio{color:var(--muted)}
.author-links{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.95rem}
.site-footer-note{margin-top:0}
.site-logo{width:2rem;height:2rem;vertical-align:middle;margin-right:.5rem;border-radius:4px}
.other-issues{margin-top:3.5rem;padding-top:1.5rem;border-top:1px solid var(--line);font-family:var(--sans)}
.other-issues h2{margin-top:0}
.pager{display:grid;grid-template-columns:1fr 1fr;gap:1rem;margin:0 0 1.5rem;padding:0;list-style:none}
.pager li:last-child{text-align:right}
.pager span{display:block;font-size:.85rem;color:var(--muted)}
.issue-list{list-style:none;padding:0;margin:0}
.popular{margin:2rem 0 1rem;padding:1rem 1.25rem;border:1px solid var(--line);border-radius:.5rem}
.popular h2,.section-title{font:600 1rem/1.4 var(--sans);text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0 0 .5rem}
.section-title{margin-top:2rem}
.popular ol{margin:0;padding-left:1.4rem}
.popular li{margin:.35rem 0}
.popular .meta{display:inline;white-space:nowrap}
.issue-list>li{padding:1.5rem 0;border-bottom:1px solid var(--line)}
.issue-list>li:last-child{border-bottom:0}
.issue-list h2,.issue-list h3{margin:0 0 .25rem;font-size:1.35rem}
.issue-list h2 a,.issue-list h3 a{color:var(--fg);text-decoration:none}
.issue-list h2 a:hover,.issue-list h3 a:hover{color:var(--accent);text-decoration:underline}
.issue-list p{margin:.35rem 0}
.compact>li{padding:.6rem 0}
.compact h3{font-size:1.05rem}
.intro{font-size:1.2rem}
.page-title{margin-bottom:.25rem}
.year{margin-top:2.5rem}
.hljs-comment,.hljs-quote{color:#5f6368;font-style:italic}
.hljs-keyword,.hljs-selector-tag,.hljs-literal,.hljs-built_in,.hljs-type{color:#a626a4}
.hljs-string,.hljs-attr,.hljs-regexp,.hljs-addition{color:#2d7034}
.hljs-number,.hljs-symbol,.hljs-variable,.hljs-template-variable{color:#955200}
.hljs-title,.hljs-section,.hljs-name,.hljs-function{color:#1f5fbf}
.hljs-meta,.hljs-deletion{color:#b3261e}
@media (prefers-color-scheme:dark){.hljs-comment,.hljs-quote{color:#9aa0a6}.hljs-keyword,.hljs-selector-tag,.hljs-literal,.hljs-built_in,.hljs-type{color:#e3a6f0}.hljs-string,.hljs-attr,.hljs-regexp,.hljs-addition{color:#9fd99a}.hljs-number,.hljs-symbol,.hljs-variable,.hljs-template-variable{color:#f0b672}.hljs-title,.hljs-section,.hljs-name,.hljs-function{color:#8cc4ff}.hljs-meta,.hljs-deletion{color:#ff9c94}}
.comments{margin-top:3.5rem;padding-top:1.5rem;border-top:1px solid var(--line);font:1rem/1.6 var(--sans)}
.comments h2{margin-top:0}
.comment-threads,.replies{list-style:none;margin:0;padding:0}
.thread{padding:1.25rem 0;border-bottom:1px solid var(--line)}
.replies{margin:.75rem 0 0 1.25rem;padding-left:1rem;border-left:2px solid var(--line)}
.replies>li{padding:.75rem 0}
.comment-meta{display:flex;flex-wrap:wrap;gap:.25rem .6rem;align-items:baseline;font-size:.9rem;color:var(--muted)}
.comment-author{font-weight:700;color:var(--fg)}
.badge{display:inline-block;font-size:.75rem;font-weight:700;letter-spacing:.03em;text-transform:uppercase;padding:.05rem .45rem;border-radius:3px;background:var(--accent);color:var(--bg)}
.comment-by-author{background:var(--accent-bg);padding:.5rem .75rem;border-radius:6px}
.avatar{display:inline-flex;align-items:center;justify-content:center;flex:none;align-self:center;width:2rem;height:2rem;border-radius:50%;font:600 .8rem/1 var(--sans);letter-spacing:.02em;color:#fff}
.avatar-author{background:var(--accent);color:var(--bg)}
.avatar-0{background:#8a3b12}.avatar-1{background:#1d5f8a}.avatar-2{background:#2e6b30}.avatar-3{background:#6b3fa0}.avatar-4{background:#9b2c4a}.avatar-5{background:#5c5a18}.avatar-6{background:#0f6b6b}.avatar-7{background:#4a4f5c}
.comment-permalink{color:inherit}
.comment-date{font-size:.85rem}
.pending-note{color:var(--fg);background:var(--callout);padding:0 .4rem;border-radius:3px;font-weight:600}
.comment-body{margin:.35rem 0}
.comment-body p{margin:.4rem 0}
.comment-deleted p{color:var(--muted);font-style:italic;margin:0}
.comment-actions{display:flex;gap:.5rem}
.comment-actions form{margin:0}
.comment-actions button{font:inherit;font-size:.85rem;background:none;border:1px solid var(--line);border-radius:4px;padding:.1rem .6rem;color:var(--accent);cursor:pointer}
.comment-actions button:hover{border-color:var(--accent)}
.comment-form{margin-top:1.5rem;display:grid;gap:.9rem;max-width:36rem;font-family:var(--sans)}
article .comment-form{margin:1rem 0 .5rem}
.comment-form h3{margin:0;font-size:1.1rem}
.field{display:grid;gap:.25rem}
.field label{font-weight:600}
.field input,.field textarea{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--muted);border-radius:4px;padding:.45rem .6rem;width:100%}
.field textarea{resize:vertical;min-height:6rem}
.hint{font-size:.85rem;color:var(--muted)}
.field-error,.form-error{color:#b3261e;font-weight:600;font-size:.9rem;margin:0}
@media (prefers-color-scheme:dark){.field-error,.form-error{color:#ff9c94}}
[aria-invalid=true]{border-color:#b3261e!important;border-width:2px!important}
.field-check{display:flex;gap:.5rem;align-items:center}
.form-actions button,.button{font:inherit;font-weight:600;background:var(--accent);color:var(--bg);border:0;border-radius:4px;padding:.55rem 1.1rem;cursor:pointer}
.form-actions button:disabled{opacity:.6;cursor:wait}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.notice{background:var(--accent-bg);padding:.5rem .75rem;border-radius:4px}
.preview-banner{background:var(--callout);border:1px solid var(--callout-line);padding:.5rem .75rem;border-radius:4px;font-family:var(--sans)}
.correction{margin:1rem 0;padding:.6rem .9rem;border-left:4px solid var(--accent);background:var(--accent-bg);border-radius:4px;font-size:1rem}.correction p{margin:0}.correction-label{font-family:var(--sans);font-weight:700}.correction time{color:var(--muted);font-family:var(--sans);font-size:.9em}
.preview-link{display:flex;gap:.5rem;align-items:center}.preview-link input{flex:1;min-width:0;font:inherit;font-size:.85rem}
.comment-preview{border-left:3px solid var(--accent);padding:.25rem .75rem;background:var(--accent-bg)}
.comment-preview p{margin:.3rem 0}
.back{font-family:var(--sans)}
.stat-list{list-style:none;display:flex;flex-wrap:wrap;gap:1.5rem;padding:0;font-family:var(--sans)}
.stat-list strong{font-size:1.5rem;display:block}
.growth-chart,.day-chart{color:var(--muted);margin:1rem 0}
.admin-nav{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0;margin:0 0 1rem;font-family:var(--sans)}
.admin-nav a[aria-current]{font-weight:700;text-decoration:none;color:var(--fg)}
.num{text-align:right;font-variant-numeric:tabular-nums}
select{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--muted);border-radius:4px;padding:.4rem}
.subscribe-cta{margin:2.5rem 0;padding:1.25rem 1.5rem;border:1px solid var(--line);border-radius:8px;background:var(--accent-bg);font-family:var(--sans)}
.subscribe-cta h2{margin:0 0 .35rem;font-size:1.2rem}
.subscribe-cta p{margin:0 0 .75rem}
.subscribe-row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.subscribe-row label{font-weight:600;margin-right:.25rem}
.subscribe-row input{flex:1 1 14rem;font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--muted);border-radius:4px;padding:.45rem .6rem;min-width:0}
.subscribe-row button{font:inherit;font-weight:600;background:var(--accent);color:var(--bg);border:0;border-radius:4px;padding:.5rem 1rem;cursor:pointer}
.subscribe-message{margin:.4rem 0 0;font-size:.9rem}
.subscribe-message:empty{display:none}
.footer-subscribe{margin-bottom:1.5rem}
.footer-subscribe h2{font-size:1rem;margin:0 0 .5rem;color:var(--fg)}
@media (prefers-reduced-motion:no-preference){html{scroll-behavior:smooth}}
@media print{:root{--bg:#fff;--fg:#000;--muted:#333;--accent:#000}
body{font-size:11pt}.site-header nav,.skip-link,.other-issues,.site-footer,.toc,.comments,.subscribe-cta,[data-slot]{display:none!important}
a{text-decoration:underline}.prose a[href^="http"]::after{content:" (" attr(href) ")";font-size:.85em;color:#333}
pre,figure,table,.callout{break-inside:avoid}h2,h3{break-after:avoid}}
`;

/** The base styles plus the subscribe popup's (a closed dialog costs no layout). */
export const siteCss = baseCss + popupCss;
