"""API routes: auth — exchanging a username and password for a token, and who it belongs to.

Clients then send `Authorization: Token <token>`; browser pages keep using the session.
"""

from __future__ import annotations

from django.contrib.auth import authenticate, user_logged_in
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import Throttled
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .parsers import JSONFallbackNegotiation, JSONParser
from .serializers import ErrorSerializer
from .throttling import TokenFailureThrottle


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class CurrentUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("用户名"), max_length=150)
    password = serializers.CharField(
        label=_("密码"), max_length=1024, trim_whitespace=False, style={"input_type": "password"}
    )


class ObtainTokenView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    content_negotiation_class = JSONFallbackNegotiation

    @extend_schema(
        summary="Exchange username and password for an API token",
        description="Send the token as `Authorization: Token <token>`. Wrong credentials are "
        "400 with `non_field_errors`; repeated failures from one client are throttled (429).",
        request=CredentialsSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="Missing fields, or wrong credentials."),
            429: OpenApiResponse(ErrorSerializer, description="Too many failed attempts."),
        },
        auth=[],
    )
    def post(self, request):
        throttle = TokenFailureThrottle()
        if not throttle.allow_request(request, self):
            raise Throttled(throttle.wait())
        creds = CredentialsSerializer(data=request.data)
        creds.is_valid(raise_exception=True)
        # DRF's Request stands in for Django's: backends and signal receivers read the
        # same attributes from it.
        user = authenticate(
            request,
            username=creds.validated_data["username"],
            password=creds.validated_data["password"],
        )
        if user is None or not user.is_active:
            throttle.failed()
            raise serializers.ValidationError(
                {"non_field_errors": [_("用户名或密码不正确。")]}, code="authorization"
            )
        token, _created = Token.objects.get_or_create(user=user)
        # A token login is a login: audited and stamped like the session one.
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        return Response({"token": token.key})


class CurrentUserView(APIView):
    """Whom the credentials belong to. It reads nothing beyond what authentication reads,
    so a client can check a stored token with it, and `bench/http/` measures every
    request against it."""

    @extend_schema(
        summary="The authenticated user",
        description='`{"id", "username"}` of the caller; 401 without valid credentials.',
        responses={
            200: CurrentUserSerializer,
            401: OpenApiResponse(ErrorSerializer, description="No or an invalid token."),
        },
    )
    def get(self, request):
        return Response({"id": request.user.pk, "username": request.user.get_username()})


urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-auth-token"),
    path("auth/me/", CurrentUserView.as_view(), name="api-auth-me"),
]
