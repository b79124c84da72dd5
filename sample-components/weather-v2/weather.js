// Version 2 of the weather component (an upgrade whose output format changed).
// The weather component: reads its backend's address and key through wasi:config/store
// (componentize-js has no `process` global) and turns the backend's JSON into one line.
import { get } from "wasi:config/store@0.2.0-rc.1";

function config(key) {
  const value = get(key);
  if (value === undefined || value === null || value === "") {
    throw `missing configuration: ${key} (grant it in the policy and pass it with --env)`;
  }
  return value;
}

export async function getWeather(city) {
  const url = config("WEATHER_API_URL");
  const key = config("WEATHER_API_KEY");
  let response;
  try {
    response = await fetch(`${url}/weather?city=${encodeURIComponent(city)}`, {
      headers: { Authorization: `Bearer ${key}` },
    });
  } catch (e) {
    throw `backend unreachable: ${e}`;
  }
  if (response.status === 404) {
    throw `unknown city: ${city}`;
  }
  if (!response.ok) {
    throw `backend answered HTTP ${response.status}`;
  }
  const body = await response.json();
  // v2 changed its output: temperature without a space before the unit, conditions in brackets
  return `${body.city}: ${body.temperatureC}°C (${body.conditions})`;
}
