import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayMinSize, IsArray, Matches } from 'class-validator';

/** The shapes hand-off inputs share: one definition each, one wording of each refusal. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Z][A-Z0-9_]{1,63}$/;
const ITEM = /^[a-z][A-Za-z0-9]{0,63}$/;

/** A calendar date, YYYY-MM-DD (whether it may lie ahead is the service's call). */
export const DateField = (name: string) =>
  Matches(DATE, { message: `${name} must be a date such as 2026-11-26` });

/** An UPPER_SNAKE code; `message` names what it must be. */
export const CodeField = (message: string) => Matches(CODE, { message });

/** The items handed over: 1–100 item keys. */
export const ItemKeysField = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(100),
    Matches(ITEM, { each: true, message: 'items must be item keys' }),
  );

/** 1–20 category codes. */
export const CategoryCodesField = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(20),
    Matches(CODE, { each: true, message: 'categoryCodes must be category codes' }),
  );
