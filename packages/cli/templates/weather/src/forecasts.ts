/** A fixed data source standing in for a weather API. */
const FORECASTS = [
  { city: 'Lisbon', celsius: 21, conditions: 'sunny' },
  { city: 'Oslo', celsius: 4, conditions: 'light snow' },
  { city: 'Seattle', celsius: 11, conditions: 'rain' },
  { city: 'Tokyo', celsius: 17, conditions: 'cloudy' },
];

export const KNOWN_CITIES = FORECASTS.map((f) => f.city);

export function forecastFor(city: string): (typeof FORECASTS)[number] | undefined {
  return FORECASTS.find((f) => f.city.toLowerCase() === city.trim().toLowerCase());
}
