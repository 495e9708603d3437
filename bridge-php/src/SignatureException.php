<?php

/**
 * A request whose X-IGNY8-Signature was refused.
 *
 * @package Igny8_Bridge
 */

declare(strict_types=1);

namespace Igny8\Bridge;

/**
 * Carries the protocol's stable error code (SIGNATURE_MISSING, …) so callers can answer it.
 */
final class SignatureException extends \RuntimeException
{
    public const MISSING = 'SIGNATURE_MISSING';
    public const INVALID = 'SIGNATURE_INVALID';
    public const EXPIRED = 'SIGNATURE_EXPIRED';
    /** Said by the replay store, never by Signature itself. */
    public const REPLAYED = 'SIGNATURE_REPLAYED';

    public function __construct(public readonly string $errorCode, string $message)
    {
        parent::__construct($message);
    }
}
