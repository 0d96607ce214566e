// GST state codes (the first two digits of a GSTIN), for the place of supply printed on the invoice.
const CODES: Record<string, string> = {
  "jammu and kashmir": "01",
  "himachal pradesh": "02",
  punjab: "03",
  chandigarh: "04",
  uttarakhand: "05",
  haryana: "06",
  delhi: "07",
  rajasthan: "08",
  "uttar pradesh": "09",
  bihar: "10",
  sikkim: "11",
  "arunachal pradesh": "12",
  nagaland: "13",
  manipur: "14",
  mizoram: "15",
  tripura: "16",
  meghalaya: "17",
  assam: "18",
  "west bengal": "19",
  jharkhand: "20",
  odisha: "21",
  chhattisgarh: "22",
  "madhya pradesh": "23",
  gujarat: "24",
  "dadra and nagar haveli and daman and diu": "26",
  maharashtra: "27",
  karnataka: "29",
  goa: "30",
  lakshadweep: "31",
  kerala: "32",
  "tamil nadu": "33",
  puducherry: "34",
  "andaman and nicobar islands": "35",
  telangana: "36",
  "andhra pradesh": "37",
  ladakh: "38",
};

/**
 * The state code for a state name as addresses carry it (case and spacing ignored, `&` read as `and`); null when unknown.
 * @example gstStateCode("Karnataka") // "29"
 */
export function gstStateCode(state: string | null | undefined): string | null {
  if (!state) return null;
  const key = state.toLowerCase().replaceAll("&", "and").replace(/[^a-z ]+/g, " ").replace(/\s+/g, " ").trim();
  return CODES[key] ?? (key === "nct of delhi" ? "07" : key === "orissa" ? "21" : null);
}
