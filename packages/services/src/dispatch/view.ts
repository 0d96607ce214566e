// dispatch_offers row (+ its order and restaurant) → the API's Offer. Before accepting, a partner sees where to go
// and roughly where the food goes: the drop point is rounded to ~1 km and only the locality is named; the full
// address comes with the order once assigned.
import type { z } from "zod";
import { deliveryEarnings } from "@chizze/core";
import type { Offer } from "@chizze/contracts/api/delivery";
import { AddressSnapshotDoc, PricedLinesDoc, type Row } from "@chizze/schema";
import type { OrderRow } from "../delivery/partner";
import { readDoc } from "../json-doc";
import { isoUtc } from "../time";

type OfferRow = Row<"dispatch_offers">;
type RestaurantRow = Row<"restaurants">;

/** Two decimals of a degree ≈ 1.1 km: enough to judge the trip, not enough to find the door. */
const approx = (deg: number) => Math.round(deg * 100) / 100;

export function toOffer(offer: OfferRow, order: OrderRow, restaurant: RestaurantRow): z.infer<typeof Offer> {
  const address = readDoc(AddressSnapshotDoc, order.delivery_address);
  const lines = readDoc(PricedLinesDoc, order.items);
  return {
    id: offer.$id,
    orderId: order.$id,
    restaurant: { id: restaurant.$id, name: restaurant.name, addressText: restaurant.address, location: { lat: restaurant.lat, lng: restaurant.lng } },
    drop: { locality: address.locality, location: { lat: approx(order.delivery_lat), lng: approx(order.delivery_lng) } },
    pickupDistanceM: offer.distance_m,
    dropDistanceM: order.distance_m,
    // What the offer was made with (the settlement pays the same: core deliveryEarnings on the order's distance).
    earningsPaise: offer.earnings_paise ?? deliveryEarnings({ tripM: order.distance_m, waitedMin: 0, surgePaise: order.surge_paise, tipPaise: 0 }).feePaise,
    paymentMethod: order.payment_method,
    cashToCollectPaise: order.payment_method === "cod" ? order.total_paise : 0,
    itemCount: Math.max(1, lines.reduce((s, l) => s + l.quantity, 0)),
    expiresAt: isoUtc(offer.expires_at),
  };
}
