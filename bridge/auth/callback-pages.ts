// The small HTML pages the browser shows after the sign-in redirect lands on our loopback server.
export function successPage(email: string | null): string {
  const who = email === null ? '' : ` as <strong>${escapeHtml(email)}</strong>`
  return page(
    'Signed in to Switchboard',
    `<p>You are signed in with ChatGPT${who}.</p><p>You can close this tab and return to Switchboard.</p>`,
  )
}

export function failurePage(title: string, detail: string): string {
  return page(
    title,
    `<p>${escapeHtml(detail)}</p><p>Close this tab and start the sign-in again from Switchboard.</p>`,
  )
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>
`
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
