import { Command } from "commander"; export const configCommand = new Command("config").description("placeholder");
