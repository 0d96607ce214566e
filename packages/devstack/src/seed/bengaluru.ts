// Bengaluru as the demo city: delivery zones around real neighbourhoods (approximate true centres), their
// pincodes and street names, and one place outside every zone (for "address not serviceable").
import type { LngLat } from "./geo";

export interface ZoneSpec {
  slug: string;
  name: string;
  /** [lng, lat] of the neighbourhood's centre. */
  centre: LngLat;
  /** Farthest vertex from the centre; chosen so neighbouring zones never overlap. */
  radiusM: number;
  pincode: string;
  /** Locality names used in addresses (sub-areas of the zone). */
  localities: readonly string[];
  streets: readonly string[];
  isActive: boolean;
  surgeBps: number;
  /** Relative share of the city's restaurants. */
  weight: number;
}

export interface CitySpec {
  name: string;
  state: string;
  /** Two-digit GST state code (Karnataka = 29). */
  gstStateCode: string;
  /** FSSAI licence state code used in the licence number. */
  fssaiStateCode: string;
  zones: readonly ZoneSpec[];
  /** A real place well outside every zone. */
  outside: { centre: LngLat; locality: string; pincode: string; street: string };
  vehiclePrefix: readonly string[];
}

export const BENGALURU: CitySpec = {
  name: "Bengaluru",
  state: "Karnataka",
  gstStateCode: "29",
  fssaiStateCode: "12",
  vehiclePrefix: ["KA01", "KA03", "KA04", "KA05", "KA51", "KA53"],
  outside: { centre: [77.5963, 13.1007], locality: "Yelahanka New Town", pincode: "560064", street: "4th Main, B Sector" },
  zones: [
    {
      slug: "koramangala",
      name: "Koramangala",
      centre: [77.6245, 12.9352],
      radiusM: 1_250,
      pincode: "560034",
      localities: ["Koramangala 1st Block", "Koramangala 4th Block", "Koramangala 5th Block", "Koramangala 6th Block", "Koramangala 7th Block"],
      streets: ["80 Feet Road", "1st A Cross Road", "17th Main Road", "Jyoti Nivas College Road", "100 Feet Road", "6th Cross Road"],
      isActive: true,
      surgeBps: 12_500,
      weight: 5,
    },
    {
      slug: "indiranagar",
      name: "Indiranagar",
      centre: [77.6412, 12.9719],
      radiusM: 1_400,
      pincode: "560038",
      localities: ["HAL 2nd Stage", "Indiranagar 1st Stage", "Defence Colony", "Appareddy Palya"],
      streets: ["100 Feet Road", "12th Main Road", "CMH Road", "Double Road", "80 Feet Road", "Old Madras Road"],
      isActive: true,
      surgeBps: 11_000,
      weight: 4,
    },
    {
      slug: "hsr-layout",
      name: "HSR Layout",
      centre: [77.6389, 12.9116],
      radiusM: 1_300,
      pincode: "560102",
      localities: ["HSR Sector 1", "HSR Sector 2", "HSR Sector 3", "HSR Sector 6", "HSR Sector 7"],
      streets: ["27th Main Road", "19th Main Road", "14th Cross Road", "Outer Ring Road", "24th Main Road"],
      isActive: true,
      surgeBps: 10_000,
      weight: 4,
    },
    {
      slug: "btm-layout",
      name: "BTM Layout",
      centre: [77.6101, 12.9166],
      radiusM: 1_150,
      pincode: "560076",
      localities: ["BTM 1st Stage", "BTM 2nd Stage", "Tavarekere", "NS Palya"],
      streets: ["16th Main Road", "29th Main Road", "Bannerghatta Road", "7th Cross Road", "Outer Ring Road"],
      isActive: true,
      surgeBps: 10_000,
      weight: 3,
    },
    {
      slug: "jayanagar",
      name: "Jayanagar",
      centre: [77.5828, 12.9279],
      radiusM: 1_300,
      pincode: "560041",
      localities: ["Jayanagar 3rd Block", "Jayanagar 4th Block", "Jayanagar 4th T Block", "Jayanagar 9th Block"],
      streets: ["11th Main Road", "30th Cross Road", "East End Road", "South End Road", "27th Cross Road"],
      isActive: true,
      surgeBps: 10_000,
      weight: 3,
    },
    {
      slug: "mg-road-cbd",
      name: "MG Road / CBD",
      centre: [77.6050, 12.9756],
      radiusM: 1_500,
      pincode: "560001",
      localities: ["MG Road", "Brigade Road", "Church Street", "Richmond Town", "Shivajinagar"],
      streets: ["Church Street", "Brigade Road", "Residency Road", "St Marks Road", "Museum Road", "Lavelle Road"],
      isActive: true,
      surgeBps: 13_000,
      weight: 3,
    },
    {
      slug: "malleshwaram",
      name: "Malleshwaram",
      centre: [77.5710, 13.0035],
      radiusM: 1_300,
      pincode: "560003",
      localities: ["Malleshwaram", "Malleshwaram West", "Vyalikaval"],
      streets: ["Sampige Road", "Margosa Road", "8th Cross Road", "15th Cross Road", "18th Cross Road"],
      isActive: true,
      surgeBps: 10_000,
      weight: 2,
    },
    {
      slug: "whitefield",
      name: "Whitefield",
      centre: [77.7500, 12.9698],
      radiusM: 2_400,
      pincode: "560066",
      localities: ["Whitefield", "ITPL", "Hope Farm", "Kundalahalli", "Brookefield"],
      streets: ["ITPL Main Road", "Whitefield Main Road", "Varthur Road", "EPIP Zone Road", "Hope Farm Junction"],
      isActive: true,
      surgeBps: 15_000,
      weight: 3,
    },
    {
      // Inactive: a zone Chizze has drawn but not launched yet, so "known but not serviceable" can be tested.
      slug: "electronic-city",
      name: "Electronic City",
      centre: [77.6602, 12.8452],
      radiusM: 2_000,
      pincode: "560100",
      localities: ["Electronic City Phase 1", "Electronic City Phase 2"],
      streets: ["Hosur Road", "Neeladri Road", "Velankani Drive"],
      isActive: false,
      surgeBps: 10_000,
      weight: 0,
    },
  ],
};

export const CITIES: Readonly<Record<string, CitySpec>> = { Bengaluru: BENGALURU };

/** Vertex radius factors (all in (0.8, 1]) giving each zone a hand-drawn rather than circular outline. */
export const ZONE_SHAPE: readonly number[] = [1, 0.9, 0.96, 0.84, 0.93, 0.99, 0.86, 0.92, 0.97, 0.88, 0.95, 0.9];
