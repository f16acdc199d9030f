from rest_framework import serializers

_UNKNOWN = "Onbekend veld. Controleer de naam (bijvoorbeeld 'duurMinuten')."


class InputSerializer(serializers.Serializer):
    """Input that refuses unknown fields: nothing a client sends is ignored silently."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [serializers.ErrorDetail(_UNKNOWN, code="onbekend_veld")] for name in unknown})
        return super().to_internal_value(data)
