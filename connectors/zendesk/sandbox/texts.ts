/** Seed texts: realistic, multilingual, some with emoji, so encodings are exercised end to end. */
export const SUBJECTS = [
  'Cannot log in after password reset',
  'Refund for order #48213',
  'Shipment stuck in customs',
  'Überweisung fehlgeschlagen',
  'Problème de facturation sur mon compte',
  '支払いが二重に請求されました',
  'App crashes on startup 😡',
  'How do I export my invoices?',
  'API returns 500 on /orders',
  'Solicitud de cambio de plan',
  'Two-factor code never arrives',
  'Need a copy of the contract',
] as const;

export const BODIES = [
  'Hi, since this morning I cannot sign in. I reset my password twice and it still fails.',
  'Hello team,\n\nour last invoice was charged twice. Could you please refund one of them?\n\nThanks',
  'Die Lieferung hängt seit einer Woche beim Zoll. Können Sie helfen?',
  'Bonjour, je ne comprends pas la ligne « frais de service » sur ma facture.',
  'ログインできません。至急対応をお願いします。',
  'Our integration gets HTTP 500 from /orders since the last deploy. Request id 7f3c.',
  '¿Pueden cambiar mi plan al anual? Gracias 🙏',
] as const;

export const REPLIES = [
  'Thanks for reaching out! I have looked into this and reset your session; please try again.',
  'I am sorry for the trouble. The duplicate charge has been refunded and should appear in 3–5 days.',
  'Danke für Ihre Geduld, wir haben beim Spediteur nachgefragt.',
  'Merci ! La ligne correspond aux frais de traitement mensuels.',
] as const;

export const NOTES = [
  'Checked the logs: auth service timed out for this account.',
  'Customer is VIP, keep them posted daily.',
  'Refund approved by finance.',
  'Escalating to L2, looks like a regression in 4.2.',
] as const;

export const TAGS = ['billing', 'login', 'shipping', 'vip', 'bug', 'refund', 'how_to', 'api'] as const;
