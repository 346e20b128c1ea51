import { applyDecorators } from '@nestjs/common';
import { IsCatalogCode, IsItemKey } from '@daicho/platform';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString } from 'class-validator';

/**
 * A calendar date field: its form is the `Date` scalar's one check (and whether it may lie ahead
 * the service's); this only admits the field past the whitelist.
 */
export const DateField = () => IsString();

/** The items handed over: 1–100 item keys. */
export const ItemKeysField = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(100),
    IsItemKey('items', { each: true, example: 'name' }),
  );

/** 1–20 category codes. */
export const CategoryCodesField = () =>
  applyDecorators(
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(20),
    IsCatalogCode('categoryCodes', { each: true, example: 'EMPLOYEE' }),
  );
