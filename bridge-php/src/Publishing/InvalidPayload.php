<?php

/**
 * A publish payload that does not follow the protocol.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge\Publishing;

/**
 * Names the offending field, so the 400 answer says which one.
 */
final class InvalidPayload extends \InvalidArgumentException
{
    public function __construct(public readonly string $field, string $problem)
    {
        parent::__construct($field . ': ' . $problem);
    }
}
