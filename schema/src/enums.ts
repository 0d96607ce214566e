// Closed value lists stored in enum columns. Exported `as const` so core, contracts and services share one list;
// adding a value is a schema change (appwrite push updates the column's elements).

export const USER_ROLES = ["customer", "restaurant", "partner", "admin"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const LANGUAGES = ["en", "hi"] as const;
export type Language = (typeof LANGUAGES)[number];

export const PLATFORMS = ["android", "ios", "web"] as const;
export type Platform = (typeof PLATFORMS)[number];

export const CURRENCIES = ["INR"] as const;
export type CurrencyCode = (typeof CURRENCIES)[number];

export const ORDER_STATUSES = [
  "awaiting_payment",
  "placed",
  "accepted",
  "preparing",
  "ready",
  "picked_up",
  "delivered",
  "rejected",
  "cancelled",
  "payment_failed",
  "expired",
  "archived",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const DISPATCH_STATES = ["none", "searching", "offered", "assigned", "at_pickup", "picked_up", "at_dropoff", "delivered", "escalated"] as const;
export type DispatchState = (typeof DISPATCH_STATES)[number];

export const PAYMENT_METHODS = ["online", "cod"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_STATUSES = [
  "pending",
  "authorized",
  "captured",
  "failed",
  "refund_pending",
  "partially_refunded",
  "refunded",
  "cod_pending",
  "cod_collected",
  "voided",
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Who cancelled an order. */
export const CANCEL_ACTORS = ["customer", "restaurant", "admin", "system"] as const;
export type CancelActor = (typeof CANCEL_ACTORS)[number];

export const CANCEL_REASONS = [
  // customer
  "customer_request",
  "changed_mind",
  "ordered_by_mistake",
  "delivery_too_slow",
  "wrong_address",
  "payment_issue",
  // restaurant, partner, system
  "too_busy",
  "customer_unreachable",
  "restaurant_rejected",
  "accept_timeout",
  "payment_failed",
  "payment_expired",
  "item_unavailable",
  "restaurant_closed",
  "no_delivery_partner",
  "address_unserviceable",
  "fraud_suspected",
  "admin_action",
  "other",
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export const REJECT_REASONS = ["too_busy", "item_unavailable", "restaurant_closed", "closing_soon", "kitchen_issue", "other"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Who caused a change (order events, refunds). `razorpay` = a webhook. */
export const ACTOR_TYPES = ["customer", "restaurant", "partner", "admin", "system", "razorpay"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const QUOTE_STATUSES = ["active", "used", "expired"] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** recorded: stored, not yet applied; parked: arrived before the state it needs (I6); the rest are final. */
export const PAYMENT_EVENT_STATUSES = ["recorded", "applied", "parked", "ignored", "rejected"] as const;
export type PaymentEventStatus = (typeof PAYMENT_EVENT_STATUSES)[number];

export const REFUND_STATUSES = ["pending", "processed", "failed"] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const REFUND_REASONS = [
  "restaurant_rejected",
  "accept_timeout",
  "customer_cancelled",
  "order_not_delivered",
  "items_missing",
  "wrong_items",
  "quality_issue",
  "late_delivery",
  "late_authorization",
  "duplicate_payment",
  "goodwill",
  "other",
] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export const LEDGER_DIRECTIONS = ["debit", "credit"] as const;
export type LedgerDirection = (typeof LEDGER_DIRECTIONS)[number];

export const LEDGER_KINDS = [
  "payment",
  "refund",
  "restaurant_share",
  "commission",
  "platform_fee",
  "delivery_fee",
  "gst",
  "partner_fee",
  "tip",
  "discount",
  "cod_cash",
  "payout",
  "tds",
  "adjustment",
] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** Ledger accounts without an owner id; owned ones are `restaurant:<id>`, `partner:<id>`, `cod_cash:<partnerId>`. */
export const LEDGER_FIXED_ACCOUNTS = [
  "customer",
  "platform_commission",
  "platform_fees",
  "platform_discounts",
  "gst_liability",
  "tds_payable",
  "razorpay_clearing",
  "tips",
] as const;
export const LEDGER_OWNED_ACCOUNT_PREFIXES = ["restaurant", "partner", "cod_cash"] as const;
export type LedgerFixedAccount = (typeof LEDGER_FIXED_ACCOUNTS)[number];
export type LedgerAccount = LedgerFixedAccount | `${(typeof LEDGER_OWNED_ACCOUNT_PREFIXES)[number]}:${string}`;

export const COUPON_KINDS = ["percent", "flat"] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];

/** Who pays for the discount: decides the ledger entries. */
export const COUPON_FUNDERS = ["platform", "restaurant"] as const;
export type CouponFunder = (typeof COUPON_FUNDERS)[number];

export const REDEMPTION_STATUSES = ["reserved", "redeemed", "released"] as const;
export type RedemptionStatus = (typeof REDEMPTION_STATUSES)[number];

export const VEHICLE_TYPES = ["bicycle", "scooter", "motorcycle", "car"] as const;
export type VehicleType = (typeof VEHICLE_TYPES)[number];

export const KYC_STATUSES = ["pending", "submitted", "verified", "rejected"] as const;
export type KycStatus = (typeof KYC_STATUSES)[number];

export const OFFER_STATUSES = ["offered", "accepted", "rejected", "expired", "cancelled"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const NOTIFICATION_CHANNELS = ["push", "sms", "in_app"] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const NOTIFICATION_STATUSES = ["queued", "sent", "failed", "skipped"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const PAYEE_TYPES = ["restaurant", "partner"] as const;
export type PayeeType = (typeof PAYEE_TYPES)[number];

export const PAYOUT_STATUSES = ["pending", "processing", "processed", "failed"] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

export const IDEMPOTENCY_STATUSES = ["in_flight", "done"] as const;
export type IdempotencyStatus = (typeof IDEMPOTENCY_STATUSES)[number];

export const JOB_RUN_STATUSES = ["running", "succeeded", "failed"] as const;
export type JobRunStatus = (typeof JOB_RUN_STATUSES)[number];

export const ARCHIVE_STATUSES = ["writing", "complete", "failed", "purged"] as const;
export type ArchiveStatus = (typeof ARCHIVE_STATUSES)[number];

export const SPICE_LEVELS = ["none", "mild", "medium", "hot", "extra_hot"] as const;
export type SpiceLevel = (typeof SPICE_LEVELS)[number];

/** The 14 declarable allergens (FSSAI labelling follows the same list as EU 1169/2011). */
export const ALLERGENS = [
  "gluten",
  "crustaceans",
  "eggs",
  "fish",
  "peanuts",
  "soy",
  "milk",
  "tree_nuts",
  "celery",
  "mustard",
  "sesame",
  "sulphites",
  "lupin",
  "molluscs",
] as const;
export type Allergen = (typeof ALLERGENS)[number];
