// What each notification says: one typed table, template key (recipient role . kind) × language, each entry a
// function of the same variables. Functions rather than "{placeholder}" strings so a template can say different
// things when a variable is absent (no ETA yet, COD vs online refund) and the compiler checks every variable used.
// Pure: no I/O; amounts come in as paise and are printed with core's formatInr (₹1,234.50), times in IST.
//
// Adding a language: add it to schema LANGUAGES; the `Record<Language, Render>` type then fails to compile until
// every template has it. SMS texts (restaurant.accept_reminder) must match a DLT-registered template in India;
// these strings are what gets registered with the SMS vendor.
import { formatInr } from "@chizze/core";
import type { ActorType, CancelReason, Language, PaymentMethod } from "@chizze/schema/enums";

export const RECIPIENT_ROLES = ["customer", "restaurant", "partner", "ops"] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export const TEMPLATE_KEYS = [
  "customer.order_placed",
  "customer.payment_failed",
  "customer.payment_expired",
  "customer.order_accepted",
  "customer.order_preparing",
  "customer.order_rejected",
  "customer.order_timed_out",
  "customer.order_picked_up",
  "customer.order_delivered",
  "customer.order_cancelled",
  "restaurant.order_placed",
  "restaurant.order_cancelled",
  "restaurant.order_timed_out",
  "restaurant.order_delivered",
  "restaurant.accept_reminder",
  "partner.order_ready",
  "partner.order_cancelled",
  "ops.order_timed_out",
  "ops.order_cancelled",
] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

export const isTemplateKey = (key: string): key is TemplateKey => (TEMPLATE_KEYS as readonly string[]).includes(key);

/** What happens to the customer's money after a cancellation, for the refund sentence. */
export type MoneyBack =
  /** A refund row was written for this amount. */
  | { kind: "refund"; amountPaise: number }
  /** An authorisation that will never be captured: the bank releases the hold. */
  | { kind: "hold_released" }
  /** Cash on delivery: nothing was paid. */
  | { kind: "not_charged" }
  /** Nothing known to be paid (payment failed or never arrived): late money is returned by the reconciler. */
  | { kind: "if_debited" };

export interface TemplateVars {
  orderNumber: string;
  restaurantName: string;
  totalPaise: number;
  paymentMethod: PaymentMethod;
  itemCount: number;
  /** Expected delivery, ISO UTC; null when not estimated. */
  etaAt: string | null;
  /** Minutes the restaurant has left to accept; null when no deadline applies. */
  minutesLeft: number | null;
  moneyBack: MoneyBack;
  cancelledBy: ActorType | null;
  cancelReason: CancelReason | null;
  /** The order had left the restaurant when it was cancelled (partner holds the food). */
  afterPickup: boolean;
}

export interface Rendered {
  /** ≤ 128 chars (notifications.title). */
  title: string;
  /** ≤ 500 chars (notifications.message); also the SMS text for SMS notifications. */
  message: string;
}

type Render = (v: TemplateVars) => Rendered;

const IST_OFFSET_MS = 330 * 60_000;

/** Wall-clock hour and minute in India (UTC+5:30, no DST). */
function istClock(iso: string): { h: number; m: number } {
  const d = new Date(Date.parse(iso) + IST_OFFSET_MS);
  return { h: d.getUTCHours(), m: d.getUTCMinutes() };
}

const mm = (m: number) => String(m).padStart(2, "0");

/** "7:45 pm" */
export function timeEn(iso: string): string {
  const { h, m } = istClock(iso);
  return `${h % 12 === 0 ? 12 : h % 12}:${mm(m)} ${h < 12 ? "am" : "pm"}`;
}

/** "शाम 7:45 बजे" — Hindi names the part of the day instead of am/pm. */
export function timeHi(iso: string): string {
  const { h, m } = istClock(iso);
  const part = h >= 4 && h < 12 ? "सुबह" : h >= 12 && h < 16 ? "दोपहर" : h >= 16 && h < 20 ? "शाम" : "रात";
  return `${part} ${h % 12 === 0 ? 12 : h % 12}:${mm(m)} बजे`;
}

const inr = formatInr;

const moneyBackEn = (b: MoneyBack): string => {
  switch (b.kind) {
    case "refund":
      return `${inr(b.amountPaise)} will be refunded to your original payment method, usually within 5–7 working days.`;
    case "hold_released":
      return "The amount held on your card or account will be released by your bank.";
    case "not_charged":
      return "You have not been charged.";
    case "if_debited":
      return "If money was debited, it will be returned automatically.";
  }
};

const moneyBackHi = (b: MoneyBack): string => {
  switch (b.kind) {
    case "refund":
      return `${inr(b.amountPaise)} आपके मूल भुगतान माध्यम में वापस भेजे जाएँगे, आम तौर पर 5–7 कार्यदिवसों में।`;
    case "hold_released":
      return "आपके कार्ड या खाते पर रोकी गई राशि आपका बैंक जारी कर देगा।";
    case "not_charged":
      return "आपसे कोई शुल्क नहीं लिया गया है।";
    case "if_debited":
      return "अगर पैसे कट गए हैं तो वे अपने-आप वापस आ जाएँगे।";
  }
};

const etaEn = (v: TemplateVars) => (v.etaAt ? ` Arriving by ${timeEn(v.etaAt)}.` : "");
const etaHi = (v: TemplateVars) => (v.etaAt ? ` ${timeHi(v.etaAt)} तक पहुँचेगा।` : "");

/** Why the customer's order was cancelled, when they did not cancel it themselves. */
function whyCancelledEn(v: TemplateVars): string {
  if (v.cancelledBy === "restaurant") return `${v.restaurantName} had to cancel your order.`;
  if (v.cancelledBy === "admin") return "Chizze support cancelled your order.";
  if (v.cancelReason === "no_delivery_partner") return "We could not find a delivery partner, so your order was cancelled.";
  return "Your order was cancelled.";
}

function whyCancelledHi(v: TemplateVars): string {
  if (v.cancelledBy === "restaurant") return `${v.restaurantName} को आपका ऑर्डर रद्द करना पड़ा।`;
  if (v.cancelledBy === "admin") return "Chizze सपोर्ट ने आपका ऑर्डर रद्द कर दिया।";
  if (v.cancelReason === "no_delivery_partner") return "कोई डिलीवरी पार्टनर नहीं मिला, इसलिए आपका ऑर्डर रद्द कर दिया गया।";
  return "आपका ऑर्डर रद्द कर दिया गया।";
}

export const TEMPLATES: { readonly [K in TemplateKey]: { readonly [L in Language]: Render } } = {
  "customer.order_placed": {
    en: (v) => ({
      title: `Order ${v.orderNumber} confirmed`,
      message: `${v.restaurantName} has received your order (${inr(v.totalPaise)}${v.paymentMethod === "cod" ? ", cash on delivery" : ", paid"}). We will tell you as soon as they accept it.`,
    }),
    hi: (v) => ({
      title: `ऑर्डर ${v.orderNumber} कन्फ़र्म हो गया`,
      message: `${v.restaurantName} को आपका ऑर्डर (${inr(v.totalPaise)}${v.paymentMethod === "cod" ? ", डिलीवरी पर नकद भुगतान" : ", भुगतान हो चुका"}) मिल गया है। रेस्टोरेंट के स्वीकार करते ही हम आपको बताएँगे।`,
    }),
  },
  "customer.payment_failed": {
    en: (v) => ({
      title: `Payment failed for order ${v.orderNumber}`,
      message: `Your payment of ${inr(v.totalPaise)} did not go through, so the order was not placed. ${moneyBackEn(v.moneyBack)}`,
    }),
    hi: (v) => ({
      title: `ऑर्डर ${v.orderNumber} का भुगतान नहीं हो सका`,
      message: `आपका ${inr(v.totalPaise)} का भुगतान पूरा नहीं हुआ, इसलिए ऑर्डर नहीं हुआ। ${moneyBackHi(v.moneyBack)}`,
    }),
  },
  "customer.payment_expired": {
    en: (v) => ({
      title: `Order ${v.orderNumber} expired`,
      message: `We did not receive your payment of ${inr(v.totalPaise)} in time, so the order was cancelled. ${moneyBackEn(v.moneyBack)}`,
    }),
    hi: (v) => ({
      title: `ऑर्डर ${v.orderNumber} की समय-सीमा ख़त्म हो गई`,
      message: `${inr(v.totalPaise)} का भुगतान समय पर नहीं मिला, इसलिए ऑर्डर रद्द कर दिया गया। ${moneyBackHi(v.moneyBack)}`,
    }),
  },
  "customer.order_accepted": {
    en: (v) => ({ title: `${v.restaurantName} accepted your order`, message: `Order ${v.orderNumber} is being prepared.${etaEn(v)}` }),
    hi: (v) => ({ title: `${v.restaurantName} ने आपका ऑर्डर स्वीकार कर लिया`, message: `ऑर्डर ${v.orderNumber} तैयार किया जा रहा है।${etaHi(v)}` }),
  },
  "customer.order_preparing": {
    en: (v) => ({ title: `${v.restaurantName} is cooking your order`, message: `Order ${v.orderNumber} is on the stove.${etaEn(v)}` }),
    hi: (v) => ({ title: `${v.restaurantName} आपका खाना बना रहा है`, message: `ऑर्डर ${v.orderNumber} बन रहा है।${etaHi(v)}` }),
  },
  "customer.order_rejected": {
    en: (v) => ({
      title: `${v.restaurantName} could not take your order`,
      message: `Order ${v.orderNumber} was declined by the restaurant. ${moneyBackEn(v.moneyBack)}`,
    }),
    hi: (v) => ({
      title: `${v.restaurantName} आपका ऑर्डर नहीं ले सका`,
      message: `रेस्टोरेंट ने ऑर्डर ${v.orderNumber} अस्वीकार कर दिया। ${moneyBackHi(v.moneyBack)}`,
    }),
  },
  "customer.order_timed_out": {
    en: (v) => ({
      title: `${v.restaurantName} did not respond`,
      message: `Order ${v.orderNumber} was cancelled because the restaurant did not accept it in time. ${moneyBackEn(v.moneyBack)}`,
    }),
    hi: (v) => ({
      title: `${v.restaurantName} से जवाब नहीं मिला`,
      message: `रेस्टोरेंट ने ऑर्डर ${v.orderNumber} समय पर स्वीकार नहीं किया, इसलिए इसे रद्द कर दिया गया। ${moneyBackHi(v.moneyBack)}`,
    }),
  },
  "customer.order_picked_up": {
    en: (v) => ({ title: "Your order is on the way", message: `Order ${v.orderNumber} has been picked up from ${v.restaurantName}.${etaEn(v)}` }),
    hi: (v) => ({ title: "आपका ऑर्डर रास्ते में है", message: `ऑर्डर ${v.orderNumber} ${v.restaurantName} से ले लिया गया है।${etaHi(v)}` }),
  },
  "customer.order_delivered": {
    en: (v) => ({ title: `Order ${v.orderNumber} delivered`, message: `Enjoy your meal from ${v.restaurantName}! Rate your order in the app to tell us how it was.` }),
    hi: (v) => ({ title: `ऑर्डर ${v.orderNumber} डिलीवर हो गया`, message: `${v.restaurantName} के खाने का आनंद लें! ऐप में ऑर्डर को रेटिंग देकर बताएँ कि कैसा लगा।` }),
  },
  "customer.order_cancelled": {
    en: (v) => ({ title: `Order ${v.orderNumber} cancelled`, message: `${whyCancelledEn(v)} ${moneyBackEn(v.moneyBack)}` }),
    hi: (v) => ({ title: `ऑर्डर ${v.orderNumber} रद्द हो गया`, message: `${whyCancelledHi(v)} ${moneyBackHi(v.moneyBack)}` }),
  },
  "restaurant.order_placed": {
    en: (v) => ({
      title: `New order ${v.orderNumber}`,
      message: `${v.itemCount} ${v.itemCount === 1 ? "item" : "items"} · ${inr(v.totalPaise)} · ${v.paymentMethod === "cod" ? "cash on delivery" : "paid online"}.${v.minutesLeft !== null ? ` Accept within ${v.minutesLeft} min.` : ""}`,
    }),
    hi: (v) => ({
      title: `नया ऑर्डर ${v.orderNumber}`,
      message: `${v.itemCount} आइटम · ${inr(v.totalPaise)} · ${v.paymentMethod === "cod" ? "डिलीवरी पर नकद" : "ऑनलाइन भुगतान हो चुका"}।${v.minutesLeft !== null ? ` ${v.minutesLeft} मिनट में स्वीकार करें।` : ""}`,
    }),
  },
  "restaurant.order_cancelled": {
    en: (v) =>
      v.cancelledBy === "customer"
        ? { title: `Order ${v.orderNumber} cancelled by the customer`, message: `Stop preparing order ${v.orderNumber}.` }
        : v.cancelledBy === "admin"
          ? { title: `Order ${v.orderNumber} cancelled by Chizze support`, message: `Stop preparing order ${v.orderNumber}. Contact support if you have questions.` }
          : { title: `Order ${v.orderNumber} cancelled`, message: `${v.cancelReason === "no_delivery_partner" ? "No delivery partner could be found. " : ""}Stop preparing order ${v.orderNumber}.` },
    hi: (v) =>
      v.cancelledBy === "customer"
        ? { title: `ग्राहक ने ऑर्डर ${v.orderNumber} रद्द कर दिया`, message: `ऑर्डर ${v.orderNumber} की तैयारी रोक दें।` }
        : v.cancelledBy === "admin"
          ? { title: `Chizze सपोर्ट ने ऑर्डर ${v.orderNumber} रद्द कर दिया`, message: `ऑर्डर ${v.orderNumber} की तैयारी रोक दें। कोई सवाल हो तो सपोर्ट से संपर्क करें।` }
          : { title: `ऑर्डर ${v.orderNumber} रद्द हो गया`, message: `${v.cancelReason === "no_delivery_partner" ? "कोई डिलीवरी पार्टनर नहीं मिला। " : ""}ऑर्डर ${v.orderNumber} की तैयारी रोक दें।` },
  },
  "restaurant.order_timed_out": {
    en: (v) => ({
      title: `Order ${v.orderNumber} was auto-rejected`,
      message: "It was not accepted in time and the customer has been told. Keep the tablet online and accept orders promptly.",
    }),
    hi: (v) => ({
      title: `ऑर्डर ${v.orderNumber} अपने-आप अस्वीकार हो गया`,
      message: "ऑर्डर समय पर स्वीकार नहीं हुआ और ग्राहक को बता दिया गया है। टैबलेट ऑनलाइन रखें और ऑर्डर जल्दी स्वीकार करें।",
    }),
  },
  "restaurant.order_delivered": {
    en: (v) => ({ title: `Order ${v.orderNumber} delivered`, message: `Order ${v.orderNumber} (${inr(v.totalPaise)}) reached the customer.` }),
    hi: (v) => ({ title: `ऑर्डर ${v.orderNumber} डिलीवर हो गया`, message: `ऑर्डर ${v.orderNumber} (${inr(v.totalPaise)}) ग्राहक तक पहुँच गया।` }),
  },
  "restaurant.accept_reminder": {
    // Also the SMS text: self-contained and naming the sender, as DLT templates must.
    en: (v) => ({
      title: `Order ${v.orderNumber} is waiting`,
      message: `Chizze: accept or reject order ${v.orderNumber} (${inr(v.totalPaise)}) within ${v.minutesLeft ?? 1} min or it will be cancelled.`,
    }),
    hi: (v) => ({
      title: `ऑर्डर ${v.orderNumber} इंतज़ार में है`,
      message: `Chizze: ऑर्डर ${v.orderNumber} (${inr(v.totalPaise)}) को ${v.minutesLeft ?? 1} मिनट में स्वीकार या अस्वीकार करें, नहीं तो यह रद्द हो जाएगा।`,
    }),
  },
  "partner.order_ready": {
    en: (v) => ({ title: `Order ${v.orderNumber} is ready for pickup`, message: `Collect it from ${v.restaurantName}.` }),
    hi: (v) => ({ title: `ऑर्डर ${v.orderNumber} पिकअप के लिए तैयार है`, message: `इसे ${v.restaurantName} से ले लें।` }),
  },
  "partner.order_cancelled": {
    en: (v) =>
      v.afterPickup
        ? { title: `Order ${v.orderNumber} cancelled`, message: `Order ${v.orderNumber} was cancelled after pickup. Contact Chizze support about returning it.` }
        : { title: `Order ${v.orderNumber} cancelled`, message: `Do not pick up order ${v.orderNumber} from ${v.restaurantName}. You are free to take your next order.` },
    hi: (v) =>
      v.afterPickup
        ? { title: `ऑर्डर ${v.orderNumber} रद्द हो गया`, message: `ऑर्डर ${v.orderNumber} पिकअप के बाद रद्द हो गया। इसे लौटाने के लिए Chizze सपोर्ट से संपर्क करें।` }
        : { title: `ऑर्डर ${v.orderNumber} रद्द हो गया`, message: `${v.restaurantName} से ऑर्डर ${v.orderNumber} न उठाएँ। आप अगला ऑर्डर ले सकते हैं।` },
  },
  "ops.order_timed_out": {
    en: (v) => ({ title: `Auto-rejected: ${v.orderNumber}`, message: `${v.restaurantName} did not accept order ${v.orderNumber} (${inr(v.totalPaise)}) in time. Follow up with the restaurant.` }),
    hi: (v) => ({ title: `अपने-आप अस्वीकार: ${v.orderNumber}`, message: `${v.restaurantName} ने ऑर्डर ${v.orderNumber} (${inr(v.totalPaise)}) समय पर स्वीकार नहीं किया। रेस्टोरेंट से बात करें।` }),
  },
  "ops.order_cancelled": {
    en: (v) => ({ title: `System cancelled ${v.orderNumber}`, message: `Order ${v.orderNumber} from ${v.restaurantName} (${inr(v.totalPaise)}) was cancelled by the system: ${v.cancelReason ?? "no reason recorded"}.` }),
    hi: (v) => ({ title: `सिस्टम ने ${v.orderNumber} रद्द किया`, message: `${v.restaurantName} का ऑर्डर ${v.orderNumber} (${inr(v.totalPaise)}) सिस्टम ने रद्द किया: ${v.cancelReason ?? "कारण दर्ज नहीं"}।` }),
  },
};

const TITLE_MAX = 128;
const MESSAGE_MAX = 500;

/** The text of one notification; long restaurant names are cut so the row always fits its columns. */
export function render(key: TemplateKey, language: Language, vars: TemplateVars): Rendered {
  const out = TEMPLATES[key][language](vars);
  return { title: clip(out.title, TITLE_MAX), message: clip(out.message, MESSAGE_MAX) };
}

/** Column sizes count UTF-16 units (as zod and Appwrite do); never cut a surrogate pair in half. */
function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = "";
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}
